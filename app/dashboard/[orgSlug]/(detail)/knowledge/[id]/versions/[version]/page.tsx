import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/dashboard/page-header';
import { RestoreVersionButton } from '@/components/knowledge/article-actions';
import { SafeMarkdown } from '@/components/markdown/safe-markdown';
import { getOrgContext } from '@/lib/dashboard/context';
import { dateTime, displayName } from '@/lib/dashboard/format';
import { getArticleVersion } from '@/lib/data/articles';
import { UUID } from '@/lib/validation';

export const metadata: Metadata = { title: 'Article version' };

export default async function ArticleVersionPage({ params }: { params: Promise<{ orgSlug: string; id: string; version: string }> }) {
  const { orgSlug, id, version: versionParam } = await params;
  const ctx = await getOrgContext(orgSlug);
  const number = Number(versionParam);
  if (!UUID.test(id) || !Number.isSafeInteger(number) || number < 1) notFound();
  const version = await getArticleVersion(ctx.supabase, { articleId: id, version: number });
  if (!version) notFound();
  const articleHref = `/dashboard/${ctx.org.slug}/knowledge/${id}`;

  return (
    <>
      <PageHeader
        title={`Version ${version.version}: ${version.title}`}
        back={{ href: articleHref, label: 'Back to the article' }}
        description={`Written by ${version.editor ? displayName(version.editor) : 'the ingestion API or an import'} on ${dateTime(version.edited_at)}, replaced ${dateTime(version.replaced_at)}.`}
      />
      <Stack gap="md">
        {ctx.can.work && <RestoreVersionButton orgSlug={ctx.org.slug} id={id} version={version.version} />}
        <Card withBorder padding="lg">
          <Group gap="xs" mb="sm">
            <Text size="sm" ff="monospace">
              /{version.slug}
            </Text>
            <Badge variant="light" color="gray" tt="none">
              {version.collection ?? 'General'}
            </Badge>
            <Badge variant="outline" color="gray">
              {version.language}
            </Badge>
            {version.tags.map((t) => (
              <Badge key={t} size="sm" variant="outline" color="gray" tt="none">
                {t}
              </Badge>
            ))}
          </Group>
          <Title order={2} size="h3" mb="sm">
            {version.title}
          </Title>
          <SafeMarkdown label={`Version ${version.version}`}>{version.body}</SafeMarkdown>
        </Card>
      </Stack>
    </>
  );
}
