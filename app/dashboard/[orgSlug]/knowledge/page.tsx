import { Badge, Button, Group, Stack, Table, TableScrollContainer, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from '@mantine/core';
import type { Metadata } from 'next';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { Pager } from '@/components/dashboard/pager';
import { ArticleFilters } from '@/components/knowledge/article-filters';
import { ArticleStatusBadge } from '@/components/knowledge/article-status-badge';
import { AnchorLink, ButtonLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { age, dateTime, displayName, pageParam, stringParam } from '@/lib/dashboard/format';
import { pageRange } from '@/lib/dashboard/paging';
import { listArticleFacets, listArticles } from '@/lib/data/articles';
import { ARTICLE_LANGUAGES } from '@/lib/validation';

export const metadata: Metadata = { title: 'Knowledge base' };

const PAGE_SIZE = 25;

type SearchParams = Record<string, string | string[] | undefined>;

export default async function KnowledgePage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<SearchParams> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  const sp = await searchParams;
  const page = pageParam(sp.page);
  const statusParam = stringParam(sp.status);
  const languageParam = stringParam(sp.language);
  const filters = {
    search: stringParam(sp.q)?.slice(0, 200),
    collection: stringParam(sp.collection)?.slice(0, 80),
    status: statusParam === 'draft' || statusParam === 'published' ? statusParam : undefined,
    language: ARTICLE_LANGUAGES.find((l) => l === languageParam),
    tag: stringParam(sp.tag)?.slice(0, 40),
  } as const;
  const [articles, facets] = await Promise.all([
    listArticles(ctx.supabase, { ...filters, page, pageSize: PAGE_SIZE }),
    listArticleFacets(ctx.supabase),
  ]);
  const base = `/dashboard/${ctx.org.slug}/knowledge`;
  const filtered = Object.values(filters).some(Boolean);
  const range = pageRange(page, PAGE_SIZE, articles.total);

  return (
    <Stack gap="md">
      <PageHeader
        title="Knowledge base"
        description={`Articles of ${ctx.org.name}. The assistant answers visitors from the published ones.`}
        actions={
          ctx.can.work && (
            <Group gap="xs">
              <ButtonLink href={`${base}/import`} variant="default">
                Import
              </ButtonLink>
              {/* a plain link: the browser downloads the zip */}
              <Button component="a" href={`${base}/export`} variant="default" download>
                Export (.zip)
              </Button>
              <ButtonLink href={`${base}/new`}>New article</ButtonLink>
            </Group>
          )
        }
      />
      <ArticleFilters collections={facets.collections} tags={facets.tags} />
      {articles.rows.length === 0 && range.outOfRange ? (
        <EmptyState title={`There is no page ${page}`}>
          <AnchorLink href={base}>Back to the first page</AnchorLink>
        </EmptyState>
      ) : articles.rows.length === 0 ? (
        <EmptyState title={filtered ? 'No articles match these filters' : 'No articles yet'}>
          {filtered ? (
            <AnchorLink href={base}>Clear the filters</AnchorLink>
          ) : ctx.can.work ? (
            <>
              Write the answers your visitors ask for, or import Markdown or HTML files.{' '}
              <AnchorLink href={`${base}/new`}>Write the first article</AnchorLink>
            </>
          ) : (
            'Agents and admins write the articles the assistant answers from.'
          )}
        </EmptyState>
      ) : (
        <TableScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label="Articles">
            <TableThead>
              <TableTr>
                <TableTh>Title</TableTh>
                <TableTh>Collection</TableTh>
                <TableTh>Status</TableTh>
                <TableTh>Language</TableTh>
                <TableTh>Tags</TableTh>
                <TableTh>Updated</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {articles.rows.map((a) => (
                <TableTr key={a.id} data-testid="article-row">
                  <TableTd maw={360}>
                    <AnchorLink href={`${base}/${a.id}`} fw={600}>
                      {a.title}
                    </AnchorLink>
                    <Text size="xs" c="dimmed" ff="monospace">
                      /{a.slug}
                    </Text>
                  </TableTd>
                  <TableTd>
                    {a.collection ?? (
                      <Text size="sm" c="dimmed">
                        General
                      </Text>
                    )}
                  </TableTd>
                  <TableTd>
                    <ArticleStatusBadge published={a.is_published} />
                  </TableTd>
                  <TableTd tt="uppercase">{a.language}</TableTd>
                  <TableTd>
                    <Group gap={4}>
                      {a.tags.map((t) => (
                        <Badge key={t} size="sm" variant="outline" color="gray" tt="none">
                          {t}
                        </Badge>
                      ))}
                    </Group>
                  </TableTd>
                  <TableTd title={dateTime(a.updated_at)}>
                    <Text size="sm">{age(a.updated_at)}</Text>
                    {a.editor && (
                      <Text size="xs" c="dimmed">
                        by {displayName(a.editor)}
                      </Text>
                    )}
                  </TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </TableScrollContainer>
      )}
      <Pager page={page} pageSize={PAGE_SIZE} total={articles.total} label="articles" />
    </Stack>
  );
}
