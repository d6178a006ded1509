import type { Client } from '@/lib/supabase/types';

/**
 * Pending proposals (a resolved conversation's question and the team's answer) with how many
 * escalated questions each would have answered (public.article_proposal_list; RLS scopes it to the
 * active organization).
 */
export async function listArticleProposals(client: Client, args: { limit?: number } = {}) {
  const { data } = await client.rpc('article_proposal_list', { p_status: 'pending', p_limit: args.limit ?? 50 }).throwOnError();
  return data;
}

export type ArticleProposalRow = Awaited<ReturnType<typeof listArticleProposals>>[number];

/** Approve with the agent's edits: an unpublished article (new, or the cited draft extended). Returns its id. */
export async function approveArticleProposal(client: Client, args: { id: string; title: string; body: string }) {
  const { data } = await client.rpc('approve_article_proposal', { p_proposal_id: args.id, p_title: args.title, p_body: args.body }).throwOnError();
  return data;
}

export async function dismissArticleProposal(client: Client, args: { id: string }) {
  await client.rpc('dismiss_article_proposal', { p_proposal_id: args.id }).throwOnError();
}
