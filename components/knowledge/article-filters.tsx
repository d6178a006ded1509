'use client';

import { Group, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTransition } from 'react';
import { ARTICLE_LANGUAGE_LABELS, ARTICLE_LANGUAGES } from '@/lib/validation';

/** Search, collection, status, language and tag filters; each change rewrites the URL (the server page reads it). */
export function ArticleFilters({ collections, tags }: { collections: string[]; tags: string[] }) {
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
    <Group gap="sm" align="flex-end" wrap="wrap" aria-busy={pending} role="search" aria-label="Filter articles">
      <TextInput
        label="Search"
        placeholder="Title or text…"
        defaultValue={params.get('q') ?? ''}
        onChange={(e) => setSearch(e.currentTarget.value)}
        w={{ base: '100%', sm: 240 }}
      />
      <Select
        label="Collection"
        placeholder="All collections"
        data={[{ value: 'none', label: 'General (none)' }, ...collections.map((c) => ({ value: c, label: c }))]}
        value={params.get('collection')}
        onChange={(v) => setParam('collection', v)}
        clearable
        w={{ base: '100%', sm: 190 }}
      />
      <Select
        label="Status"
        placeholder="Any status"
        data={[
          { value: 'draft', label: 'Draft' },
          { value: 'published', label: 'Published' },
        ]}
        value={params.get('status')}
        onChange={(v) => setParam('status', v)}
        clearable
        w={{ base: '100%', sm: 150 }}
      />
      <Select
        label="Language"
        placeholder="Any language"
        data={ARTICLE_LANGUAGES.map((l) => ({ value: l, label: ARTICLE_LANGUAGE_LABELS[l] }))}
        value={params.get('language')}
        onChange={(v) => setParam('language', v)}
        clearable
        w={{ base: '100%', sm: 150 }}
      />
      <Select
        label="Tag"
        placeholder="Any tag"
        data={tags}
        value={params.get('tag')}
        onChange={(v) => setParam('tag', v)}
        clearable
        searchable
        w={{ base: '100%', sm: 150 }}
      />
    </Group>
  );
}
