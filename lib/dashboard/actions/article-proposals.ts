'use server';

import { z } from 'zod';
import { orgAction } from '@/lib/dashboard/action';
import { approveArticleProposal, dismissArticleProposal } from '@/lib/data/article-proposals';

/**
 * Agents turn a proposal into a draft article (publishing stays with the article rules) or drop
 * it. The RPCs run as the member: the database refuses viewers and other organizations (42501)
 * and a proposal already decided.
 */
export const approveProposal = orgAction(
  z.object({
    proposalId: z.uuid(),
    title: z.string().trim().min(1, { error: 'Give the article a title' }).max(300, { error: 'At most 300 characters' }),
    body: z.string().trim().min(1, { error: 'Write the answer' }).max(100000, { error: 'At most 100,000 characters' }),
  }),
  async (ctx, input) => {
    await approveArticleProposal(ctx.supabase, { id: input.proposalId, title: input.title, body: input.body });
    return 'Saved as a draft article. Publish it from the knowledge base when it is ready.';
  },
);

export const dismissProposal = orgAction(z.object({ proposalId: z.uuid() }), async (ctx, input) => {
  await dismissArticleProposal(ctx.supabase, { id: input.proposalId });
  return 'Proposal dismissed.';
});
