import type { Client } from '@/lib/supabase/types';

/** A conversation's whole thread, oldest first (visitor, AI, agents, system, internal notes). */
export async function listMessages(client: Client, args: { conversationId: string; limit?: number }) {
  const { data } = await client
    .from('messages')
    .select('id, sender_type, sender_id, body, metadata, is_internal, created_at, delivery:channel_messages(direction, status, error_message)')
    .eq('conversation_id', args.conversationId)
    .order('created_at')
    .order('id')
    .limit(args.limit ?? 500)
    .throwOnError();
  return data;
}

export type MessageRow = Awaited<ReturnType<typeof listMessages>>[number];

/**
 * An agent reply (visible in the widget) or an internal note. The database stamps the sender
 * (the signed-in member) and, on the first visible reply, the conversation's agent name and
 * join time. Idempotent on clientMsgId: a retried submit finds the first message.
 */
export async function insertAgentMessage(
  client: Client,
  args: { organizationId: string; conversationId: string; body: string; internal: boolean; clientMsgId: string },
) {
  const { data, error } = await client
    .from('messages')
    .insert({
      organization_id: args.organizationId,
      conversation_id: args.conversationId,
      sender_type: 'agent',
      body: args.body,
      is_internal: args.internal,
      client_msg_id: args.clientMsgId,
    })
    .select('id')
    .single();
  if (error?.code === '23505') return { id: null, duplicate: true };
  if (error) throw error;
  return { id: data.id, duplicate: false };
}

/**
 * Messages of the active organization matching a full-text query (public.search_messages, under
 * the messages policies), newest first, with the conversation and visitor each belongs to.
 */
export async function searchMessages(client: Client, args: { query: string; page: number; pageSize: number }) {
  const from = (args.page - 1) * args.pageSize;
  const { data, count } = await client
    .rpc('search_messages', { p_query: args.query }, { count: 'exact' })
    .select('id, body, sender_type, is_internal, created_at, conversation:conversations(id, visitor:visitors(id, name, email))')
    .range(from, from + args.pageSize - 1)
    .throwOnError();
  return { rows: data, total: count ?? 0 };
}

export type MessageSearchRow = Awaited<ReturnType<typeof searchMessages>>['rows'][number];

/** The visitor's thumbs on the AI answers of a conversation, by message id (1 helpful, -1 not). */
export async function listAnswerFeedback(client: Client, args: { conversationId: string }) {
  const { data } = await client
    .from('answer_feedback')
    .select('message_id, rating')
    .eq('conversation_id', args.conversationId)
    .limit(500)
    .throwOnError();
  return Object.fromEntries(data.map((f) => [f.message_id, f.rating]));
}
