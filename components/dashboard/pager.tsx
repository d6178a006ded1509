'use client';

import { Group, Pagination, Text } from '@mantine/core';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';

/** Page controls for a server-rendered list: the page number lives in the URL. */
export function Pager({ page, pageSize, total, label }: { page: number; pageSize: number; total: number; label: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" mt="md" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        {first}–{last} of {total} {label}
      </Text>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={(p) => {
            const next = new URLSearchParams(params.toString());
            next.set('page', String(p));
            router.push(`${pathname}?${next.toString()}`);
          }}
          size="sm"
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
        />
      )}
    </Group>
  );
}
