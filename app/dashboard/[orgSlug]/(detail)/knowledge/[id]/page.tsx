import { Alert, Card, Grid, GridCol, Group, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/dashboard/page-header';
import { ArticleEditor } from '@/components/knowledge/article-editor';
import { DeleteArticleButton, PublishButton } from '@/components/knowledge/article-actions';
import { ArticleStatusBadge } from '@/components/knowledge/article-status-badge';
import { AnchorLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { dateTime, displayName, stringParam } from '@/lib/dashboard/format';
import { getArticle, listArticleFacets, listArticleVersions } from '@/lib/data/articles';
import { canPublish } from '@/lib/knowledge/permissions';
import { UUID } from '@/lib/validation';

export const metadata: Metadata = { title: 'Article' };

export default async function ArticlePage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug, id } = await params;
  const ctx = await getOrgContext(orgSlug);
  if (!UUID.test(id)) notFound();
  const [article, versions, facets] = await Promise.all([
    getArticle(ctx.supabase, { id }),
    listArticleVersions(ctx.supabase, { articleId: id }),
    listArticleFacets(ctx.supabase),
  ]);
  if (!article) notFound();
  const sp = await searchParams;
  const restored = stringParam(sp.restored);
  const base = `/dashboard/${ctx.org.slug}/knowledge`;
  const mayPublish = canPublish(ctx.can, ctx.org.settings);

  return (
    <>
      <PageHeader
        title={article.title}
        back={{ href: base, label: 'Knowledge base' }}
        badges={<ArticleStatusBadge published={article.is_published} />}
        actions={
          ctx.can.work && (
            <Group gap="xs">
              {mayPublish && <PublishButton orgSlug={ctx.org.slug} id={article.id} published={article.is_published} />}
              {(!article.is_published || mayPublish) && <DeleteArticleButton orgSlug={ctx.org.slug} id={article.id} title={article.title} />}
            </Group>
          )
        }
        description={
          <>
            Written by {article.author ? displayName(article.author) : 'the ingestion API'} on {dateTime(article.created_at)} · last saved by{' '}
            <span data-testid="article-editor-name">{article.editor ? displayName(article.editor) : 'the ingestion API'}</span>,{' '}
            {dateTime(article.updated_at)}
            {article.published_at && <> · first published {dateTime(article.published_at)}</>}
          </>
        }
      />
      <Stack gap="md">
        {stringParam(sp.saved) && (
          <Alert color="teal" variant="light" role="status">
            Draft created.
          </Alert>
        )}
        {restored && (
          <Alert color="teal" variant="light" role="status">
            Version {restored} restored. The content it replaced is the newest version in the history.
          </Alert>
        )}
        {ctx.can.work && !mayPublish && (
          <Text size="sm" c="dimmed">
            Admins publish and unpublish articles in {ctx.org.name}.
          </Text>
        )}
        <Grid>
          <GridCol span={{ base: 12, md: 8 }}>
            <Card withBorder padding="lg">
              <ArticleEditor
                // a save keeps the form (and its message); a restore brings other content, so a fresh form
                key={`${article.id}-${restored ?? ''}`}
                orgSlug={ctx.org.slug}
                article={article}
                collections={facets.collections}
                tags={facets.tags}
                readOnly={!ctx.can.work}
              />
            </Card>
          </GridCol>
          <GridCol span={{ base: 12, md: 4 }}>
            <Card withBorder padding="lg">
              <Title order={2} size="h4" mb="xs">
                History
              </Title>
              {versions.length === 0 ? (
                <Text size="sm" c="dimmed" role="status">
                  No earlier versions: each save keeps the content it replaces here.
                </Text>
              ) : (
                <Table verticalSpacing={6} aria-label="Earlier versions">
                  <TableThead>
                    <TableTr>
                      <TableTh>Version</TableTh>
                      <TableTh>Saved</TableTh>
                    </TableTr>
                  </TableThead>
                  <TableTbody>
                    {versions.map((v) => (
                      <TableTr key={v.id} data-testid="article-version">
                        <TableTd>
                          <AnchorLink href={`${base}/${article.id}/versions/${v.version}`}>v{v.version}</AnchorLink>
                        </TableTd>
                        <TableTd>
                          <Text size="sm">{dateTime(v.edited_at)}</Text>
                          <Text size="xs" c="dimmed">
                            {v.editor ? displayName(v.editor) : 'ingestion API or import'}
                          </Text>
                        </TableTd>
                      </TableTr>
                    ))}
                  </TableTbody>
                </Table>
              )}
            </Card>
          </GridCol>
        </Grid>
      </Stack>
    </>
  );
}
