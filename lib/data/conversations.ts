import type { Client } from '@/lib/supabase/types';

/** The inbox views, in the order the page shows them; `needs_reply` is the default. */
export const INBOX_VIEWS = ['needs_reply', 'mine', 'unassigned', 'waiting_on_customer', 'resolved', 'all'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

const WAITING_FOR_TEAM = ['waiting_for_agent', 'needs_reply'] as const;

const LIST_COLUMNS = `id, state, status, channel, is_escalated, escalated_reason, is_resolved, summary, waiting_since,
  state_changed_at, last_visitor_message_at, last_message_at, created_at, assignee_id, unread_count,
  external_customer_id, website:websites(id, name, domain), visitor:visitors(id, name, email), tickets(ref, status),
  integration:integrations(platform, display_name), labels:conversation_labels(label_id)`;

/**
 * One inbox view of the active organization's conversations (RLS scopes them; no organization
 * filter here). Conversations where the visitor never wrote are no inbox item. Views waiting on
 * the team list the longest wait first; "waiting on customer" the longest silence first;
 * "resolved" the latest first; "all" whoever waits first, then the most recent activity.
 */
export async function listInbox(client: Client, args: { view: InboxView; userId: string; page: number; pageSize: number; labelId?: string }) {
  // a label filter embeds the conversation's labels a second time, as an inner join on that label
  // (typed as the plain list: the extra embed only filters, nothing reads it)
  const columns = (args.labelId ? `${LIST_COLUMNS}, with_label:conversation_labels!inner(label_id)` : LIST_COLUMNS) as typeof LIST_COLUMNS;
  let query = client.from('conversations').select(columns, { count: 'exact' }).not('last_visitor_message_at', 'is', null);
  if (args.labelId) query = query.eq('with_label.label_id', args.labelId);
  switch (args.view) {
    case 'needs_reply':
      query = query.in('state', [...WAITING_FOR_TEAM]).order('waiting_since', { ascending: true, nullsFirst: false });
      break;
    case 'mine':
      query = query
        .eq('assignee_id', args.userId)
        .not('state', 'in', '(bot,resolved)')
        .order('waiting_since', { ascending: true, nullsFirst: false })
        .order('state_changed_at', { ascending: true });
      break;
    case 'unassigned':
      query = query
        .is('assignee_id', null)
        .in('state', [...WAITING_FOR_TEAM])
        .order('waiting_since', { ascending: true, nullsFirst: false });
      break;
    case 'waiting_on_customer':
      query = query.eq('state', 'with_agent').order('state_changed_at', { ascending: true });
      break;
    case 'resolved':
      query = query.eq('state', 'resolved').order('state_changed_at', { ascending: false });
      break;
    case 'all':
      query = query.order('waiting_since', { ascending: true, nullsFirst: false }).order('last_message_at', { ascending: false, nullsFirst: false });
      break;
  }
  const from = (args.page - 1) * args.pageSize;
  const { data, count } = await query
    .order('id')
    .range(from, from + args.pageSize - 1)
    .throwOnError();
  return { rows: data, total: count ?? 0 };
}

export type InboxRow = Awaited<ReturnType<typeof listInbox>>['rows'][number];

export type InboxCounts = Record<InboxView, number> & { unread: number };

/** Every view's count and the caller's unread badge, in one call (public.inbox_counts). */
export async function getInboxCounts(client: Client): Promise<InboxCounts> {
  const { data } = await client.rpc('inbox_counts').single().throwOnError();
  return {
    needs_reply: data.needs_reply,
    mine: data.mine,
    unassigned: data.unassigned,
    waiting_on_customer: data.waiting_on_customer,
    resolved: data.resolved,
    all: data.all_conversations,
    unread: data.unread,
  };
}

/** The signed-in member opened the conversation: what it holds now is no longer unread for them. */
export async function markConversationRead(client: Client, args: { conversationId: string }) {
  await client.rpc('mark_conversation_read', { p_conversation_id: args.conversationId }).throwOnError();
}

/** One conversation with its visitor, website and ticket. */
export async function getConversation(client: Client, args: { id: string }) {
  const { data } = await client
    .from('conversations')
    .select(
      `id, status, state, state_changed_at, waiting_since, channel, is_escalated, escalated_reason, escalated_at, is_resolved, resolved_at, resolved_by, agent_name,
       agent_joined_at, summary, last_message_at, created_at, assignee_id, website:websites(id, name, domain),
       visitor:visitors(id, name, email, external_id, metadata, first_seen_at, last_seen_at), tickets(ref, status), widget_topic,
       external_customer_id, integration:integrations(platform, display_name, external_id, status)`,
    )
    .eq('id', args.id)
    .maybeSingle()
    .throwOnError();
  return data;
}

export type ConversationDetail = NonNullable<Awaited<ReturnType<typeof getConversation>>>;

/** Assigns a conversation to a member; returns how many rows RLS let through. */
export async function assignConversation(client: Client, args: { id: string; userId: string }) {
  const { data } = await client.from('conversations').update({ assignee_id: args.userId }).eq('id', args.id).select('id').throwOnError();
  return data.length;
}

/** The conversation after `currentId` among those that need a reply (the inbox's default view), or the first one. */
export async function nextNeedingReply(client: Client, args: { currentId: string; userId: string }) {
  const { rows } = await listInbox(client, { view: 'needs_reply', userId: args.userId, page: 1, pageSize: 50 });
  const at = rows.findIndex((r) => r.id === args.currentId);
  const next = rows
    .slice(at + 1)
    .concat(rows.slice(0, Math.max(at, 0)))
    .find((r) => r.id !== args.currentId);
  return next?.id ?? null;
}
