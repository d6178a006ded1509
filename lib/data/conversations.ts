import type { Client } from '@/lib/supabase/types';

export type ConversationView = 'escalated' | 'all';

const LIST_COLUMNS = `id, status, channel, is_escalated, escalated_reason, escalated_at, is_resolved, agent_name, summary,
  last_message_at, created_at, assignee_id, website:websites(id, name, domain), visitor:visitors(id, name, email),
  tickets(ref, status)`;

/**
 * The active organization's conversations, most recent activity first. `escalated` is the
 * queue: handed to a person and not yet resolved, oldest escalation first.
 */
export async function listConversations(client: Client, args: { view: ConversationView; page: number; pageSize: number }) {
  let query = client.from('conversations').select(LIST_COLUMNS, { count: 'exact' });
  if (args.view === 'escalated') {
    query = query.eq('is_escalated', true).eq('is_resolved', false).order('escalated_at', { ascending: true, nullsFirst: false });
  } else {
    query = query.order('last_message_at', { ascending: false, nullsFirst: false }).order('created_at', { ascending: false });
  }
  const from = (args.page - 1) * args.pageSize;
  const { data, count } = await query
    .order('id')
    .range(from, from + args.pageSize - 1)
    .throwOnError();
  return { rows: data, total: count ?? 0 };
}

export type ConversationRow = Awaited<ReturnType<typeof listConversations>>['rows'][number];

/** Size of the escalation queue (for the navigation badge). */
export async function countEscalated(client: Client) {
  const { count } = await client
    .from('conversations')
    .select('id', { count: 'exact', head: true })
    .eq('is_escalated', true)
    .eq('is_resolved', false)
    .throwOnError();
  return count ?? 0;
}

/** One conversation with its visitor, website and ticket. */
export async function getConversation(client: Client, args: { id: string }) {
  const { data } = await client
    .from('conversations')
    .select(
      `id, status, state, state_changed_at, waiting_since, channel, is_escalated, escalated_reason, escalated_at, is_resolved, resolved_at, resolved_by, agent_name,
       agent_joined_at, summary, last_message_at, created_at, assignee_id, website:websites(id, name, domain),
       visitor:visitors(id, name, email, external_id, metadata, first_seen_at, last_seen_at), tickets(ref, status)`,
    )
    .eq('id', args.id)
    .maybeSingle()
    .throwOnError();
  return data;
}

export type ConversationDetail = NonNullable<Awaited<ReturnType<typeof getConversation>>>;
