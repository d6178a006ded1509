'use client';

import { Group, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTransition } from 'react';

export interface FilterOption {
  value: string;
  label: string;
}

/** Website, assignee and text filters; each change rewrites the URL (the server page reads it). */
export function TicketFilters({ websites, assignees }: { websites: FilterOption[]; assignees: FilterOption[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    startTransition(() => router.replace(`${pathname}?${next.toString()}`));
  };
  const setSearch = useDebouncedCallback((value: string) => setParam('q', value.trim() || null), 350);

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" aria-busy={pending} role="search" aria-label="Filter tickets">
      <TextInput
        label="Search"
        placeholder="Reference, subject, customer…"
        defaultValue={params.get('q') ?? ''}
        onChange={(e) => setSearch(e.currentTarget.value)}
        w={{ base: '100%', sm: 260 }}
      />
      <Select
        label="Website"
        placeholder="All websites"
        data={websites}
        value={params.get('website')}
        onChange={(v) => setParam('website', v)}
        clearable
        w={{ base: '100%', sm: 200 }}
      />
      <Select
        label="Assignee"
        placeholder="Anyone"
        data={assignees}
        value={params.get('assignee')}
        onChange={(v) => setParam('assignee', v)}
        clearable
        w={{ base: '100%', sm: 200 }}
      />
    </Group>
  );
}
