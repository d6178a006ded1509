import { Stack } from '@mantine/core';
import type { Metadata } from 'next';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { ProposalCard } from '@/components/proposals/proposal-card';
import { getOrgContext } from '@/lib/dashboard/context';
import { listArticleProposals } from '@/lib/data/article-proposals';

export const metadata: Metadata = { title: 'Article proposals' };

/**
 * What the team's resolved conversations could teach the assistant: each pending proposal with
 * the escalated questions it would have answered, most useful first.
 */
export default async function ProposalsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  const proposals = [...(await listArticleProposals(ctx.supabase))].sort((a, b) => b.would_answer - a.would_answer);
  return (
    <Stack gap="md" maw={860}>
      <PageHeader
        title="Article proposals"
        description="When your team resolves a conversation, its question and your answer are proposed here as a draft article, so the assistant can answer it next time."
      />
      {proposals.length === 0 ? (
        <EmptyState title="No proposals waiting">New ones appear when a conversation an agent answered is resolved.</EmptyState>
      ) : (
        proposals.map((p) => <ProposalCard key={p.id} orgSlug={ctx.org.slug} proposal={p} canWork={ctx.can.work} />)
      )}
    </Stack>
  );
}
