'use server';

import { z } from 'zod';
import { expectChanged, orgAction } from '@/lib/dashboard/action';
import { assignConversation } from '@/lib/data/conversations';
import { moveConversation } from '@/lib/data/conversation-state';

const DONE = {
  take_over: 'You have the conversation. The assistant stays quiet until you hand it back.',
  hand_back: 'The assistant answers the visitor again.',
  resolve: 'Conversation resolved.',
} as const;

/**
 * Take over from the assistant, hand back to it, or resolve. The RPC runs as the member, so the
 * database refuses viewers and other organizations (42501) and a move the state does not allow.
 */
export const changeConversationState = orgAction(
  z.object({ conversationId: z.uuid(), move: z.enum(['take_over', 'hand_back', 'resolve']) }),
  async (ctx, input) => {
    await moveConversation(ctx.supabase, { id: input.conversationId, move: input.move });
    return DONE[input.move];
  },
);

/** The member takes the conversation into their "Mine" view (the button and the A shortcut). */
export const assignConversationToMe = orgAction(z.object({ conversationId: z.uuid() }), async (ctx, input) => {
  expectChanged(await assignConversation(ctx.supabase, { id: input.conversationId, userId: ctx.user.userId }), 'conversation');
  return 'Assigned to you.';
});
