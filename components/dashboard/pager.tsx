'use client';

import { Group, Pagination, Text } from '@mantine/core';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { pageRange, pageSummary } from '@/lib/dashboard/paging';

/** Page controls for a server-rendered list: the page number lives in the URL. */
export function Pager({ page, pageSize, total, label }: { page: number; pageSize: number; total: number; label: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const { pages } = pageRange(page, pageSize, total);
  return (
    <Group justify="space-between" mt="md" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        {pageSummary(page, pageSize, total, label)}
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
