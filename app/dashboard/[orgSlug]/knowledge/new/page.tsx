import { Card } from '@mantine/core';
import type { Metadata } from 'next';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { ArticleEditor } from '@/components/knowledge/article-editor';
import { getOrgContext } from '@/lib/dashboard/context';
import { listArticleFacets } from '@/lib/data/articles';

export const metadata: Metadata = { title: 'New article' };

export default async function NewArticlePage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  const back = { href: `/dashboard/${ctx.org.slug}/knowledge`, label: 'Knowledge base' };
  if (!ctx.can.work) {
    return (
      <>
        <PageHeader title="New article" back={back} />
        <EmptyState title="Viewers read articles">Agents and admins write them.</EmptyState>
      </>
    );
  }
  const facets = await listArticleFacets(ctx.supabase);
  return (
    <>
      <PageHeader title="New article" back={back} description="Saved as a draft; publishing is a separate step." />
      <Card withBorder padding="lg">
        <ArticleEditor
          orgSlug={ctx.org.slug}
          article={{ title: '', slug: '', body: '', collection: null, tags: [], language: 'en' }}
          collections={facets.collections}
          tags={facets.tags}
          readOnly={false}
        />
      </Card>
    </>
  );
}
