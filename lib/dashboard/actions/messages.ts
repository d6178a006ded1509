'use server';

import { z } from 'zod';
import { ActionError, orgAction } from '@/lib/dashboard/action';
import { getConversation } from '@/lib/data/conversations';
import { insertAgentMessage } from '@/lib/data/messages';

/**
 * Reply as an agent (the visitor sees it in the widget) or add an internal note. The insert runs
 * as the member with the organization active: RLS refuses viewers and other organizations.
 */
export const replyToConversation = orgAction(
  z.object({
    conversationId: z.uuid(),
    body: z.string().trim().min(1, { error: 'Write a message first' }).max(4000, { error: 'At most 4000 characters' }),
    internal: z.enum(['true', 'false']).transform((v) => v === 'true'),
    clientMsgId: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/),
  }),
  async (ctx, input) => {
    const conversation = await getConversation(ctx.supabase, { id: input.conversationId });
    if (!conversation) throw new ActionError('This conversation does not exist in this organization.');
    const result = await insertAgentMessage(ctx.supabase, {
      organizationId: ctx.org.id,
      conversationId: conversation.id,
      body: input.body,
      internal: input.internal,
      clientMsgId: input.clientMsgId,
    });
    if (result.duplicate) return 'Already sent.';
    return input.internal ? 'Note added.' : 'Reply sent. The visitor sees it in the chat.';
  },
);
