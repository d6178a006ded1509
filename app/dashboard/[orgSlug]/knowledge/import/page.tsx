import { Card, Code, Stack, Text } from '@mantine/core';
import type { Metadata } from 'next';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { ImportForm } from '@/components/knowledge/import-form';
import { getOrgContext } from '@/lib/dashboard/context';

export const metadata: Metadata = { title: 'Import articles' };

const EXAMPLE = `---
title: How to reset your password
slug: reset-password
collection: Account
tags: [account, security]
language: en
---
Click **Forgot password** on the sign-in page…`;

export default async function ImportArticlesPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  const back = { href: `/dashboard/${ctx.org.slug}/knowledge`, label: 'Knowledge base' };
  return (
    <>
      <PageHeader
        title="Import articles"
        back={back}
        description="Each file becomes a draft, or updates the article with the same slug. Publishing stays a separate step."
      />
      {ctx.can.work ? (
        <Stack gap="md">
          <Card withBorder padding="lg">
            <ImportForm orgSlug={ctx.org.slug} />
          </Card>
          <Card withBorder padding="lg">
            <Text size="sm" mb="xs">
              A Markdown file with front-matter (every field optional: the title falls back to the first heading or the file name, the slug to the
              title):
            </Text>
            <Code block>{EXAMPLE}</Code>
            <Text size="sm" mt="xs" c="dimmed">
              HTML files are converted to Markdown (scripts, styles and forms dropped); their &lt;title&gt; names the article.
            </Text>
          </Card>
        </Stack>
      ) : (
        <EmptyState title="Viewers read articles">Agents and admins import them.</EmptyState>
      )}
    </>
  );
}
