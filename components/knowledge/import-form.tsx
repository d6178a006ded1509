'use client';

import { Badge, Button, Group, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { AnchorLink } from '@/components/ui/links';
import { useFormAction } from '@/components/ui/use-form-action';
import type { ActionState } from '@/lib/dashboard/action-state';
import { importArticles, type ImportResult } from '@/lib/dashboard/actions/articles';

const STATUS_COLOR = { created: 'teal', updated: 'blue', error: 'red' } as const;

/** Upload Markdown / HTML files; one result per file (created, updated by slug, or why not). */
export function ImportForm({ orgSlug }: { orgSlug: string }) {
  const { state, pending, formProps } = useFormAction(importArticles);
  // the action's extra field (useFormAction types its state as the common ActionState)
  const results = (state as ActionState & { results?: ImportResult[] }).results;
  return (
    <Stack gap="md">
      <form {...formProps} aria-label="Import articles" encType="multipart/form-data" noValidate>
        <Stack gap="sm">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          {/* a native file input: its files go into the form data as they are */}
          <Stack gap={4}>
            <Text component="label" htmlFor="import-files" size="sm" fw={500}>
              Files
            </Text>
            <Text id="import-files-help" size="xs" c="dimmed">
              Markdown (.md) or HTML (.html) files, up to 50 at once, 512 KB each. Front-matter sets title, slug, collection, tags and language.
            </Text>
            <input
              id="import-files"
              type="file"
              name="files"
              multiple
              accept=".md,.markdown,.html,.htm,text/markdown,text/html"
              aria-describedby="import-files-help"
            />
            {state.fieldErrors?.files?.[0] && (
              <Text size="xs" c="red" role="alert">
                {state.fieldErrors.files[0]}
              </Text>
            )}
          </Stack>
          <Group justify="space-between">
            <FormStatus state={state} />
            <Button type="submit" loading={pending}>
              Import as drafts
            </Button>
          </Group>
        </Stack>
      </form>
      {results && results.length > 0 && (
        <Table aria-label="Import results" verticalSpacing="xs">
          <TableThead>
            <TableTr>
              <TableTh>File</TableTh>
              <TableTh>Result</TableTh>
              <TableTh>Article</TableTh>
            </TableTr>
          </TableThead>
          <TableTbody>
            {results.map((r, i) => (
              <TableTr key={`${r.file}-${i}`} data-testid="import-result">
                <TableTd>
                  <Text size="sm" ff="monospace">
                    {r.file}
                  </Text>
                </TableTd>
                <TableTd>
                  <Badge color={STATUS_COLOR[r.status]} variant="light">
                    {r.status}
                  </Badge>
                  {r.message && (
                    <Text size="xs" c="dimmed">
                      {r.message}
                    </Text>
                  )}
                </TableTd>
                <TableTd>{r.id ? <AnchorLink href={`/dashboard/${orgSlug}/knowledge/${r.id}`}>/{r.slug}</AnchorLink> : (r.slug ?? '—')}</TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      )}
    </Stack>
  );
}
