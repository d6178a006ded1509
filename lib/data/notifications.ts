import type { QueryData } from '@supabase/supabase-js';
import type { Client } from '@/lib/supabase/types';

/** How many notifications the centre shows at first and adds per "Load more". */
export const NOTIFICATION_PAGE_SIZE = 10;

const COLUMNS = `id, kind, conversation_id, created_at, read_at,
  conversation:conversations(channel, visitor:visitors(name, email), tickets(ref, subject))`;

/**
 * The signed-in member's notifications in the active organization, newest first, with what the
 * centre names them by (the ticket's subject, else the visitor). RLS returns only the member's
 * own rows, so nothing here filters by user or organization. Used by the layout (server) and by the
 * centre itself (the browser client, with the same member's token).
 */
export async function listNotifications(client: Client, args: { offset: number; limit: number }) {
  const { data, count } = await notificationsQuery(client)
    .order('created_at', { ascending: false })
    .order('id')
    .range(args.offset, args.offset + args.limit - 1)
    .throwOnError();
  return { items: data.map(toNotification), total: count ?? data.length };
}

/** The member's unread notifications (RLS: their own). */
export async function countUnreadNotifications(client: Client) {
  const { count } = await client.from('notifications').select('id', { count: 'exact', head: true }).is('read_at', null).throwOnError();
  return count ?? 0;
}

/** Marks the given notifications (or all of them) read; returns how many changed (RLS: only the member's own can). */
export async function markNotificationsRead(client: Client, args: { ids: string[] | 'all' }) {
  let query = client.from('notifications').update({ read_at: new Date().toISOString() }).is('read_at', null);
  query = args.ids === 'all' ? query : query.in('id', args.ids);
  const { data } = await query.select('id').throwOnError();
  return data.length;
}

/** Deletes the given notifications (or all of them); returns how many went (RLS: only the member's own can). */
export async function clearNotifications(client: Client, args: { ids: string[] | 'all' }) {
  let query = client.from('notifications').delete();
  query = args.ids === 'all' ? query.not('id', 'is', null) : query.in('id', args.ids);
  const { data } = await query.select('id').throwOnError();
  return data.length;
}

export interface NotificationItem {
  id: string;
  kind: 'escalation' | 'visitor_reply';
  conversationId: string;
  createdAt: string;
  read: boolean;
  /** the ticket's subject, else the visitor's name or email, else the channel */
  subject: string;
  ticketRef: string | null;
}

const notificationsQuery = (client: Client) => client.from('notifications').select(COLUMNS, { count: 'exact' });
type Row = QueryData<ReturnType<typeof notificationsQuery>>[number];

function toNotification(row: Row): NotificationItem {
  const conversation = row.conversation;
  const ticket = conversation?.tickets[0];
  const visitor = conversation?.visitor;
  return {
    id: row.id,
    kind: row.kind,
    conversationId: row.conversation_id,
    createdAt: row.created_at,
    read: row.read_at !== null,
    subject: ticket?.subject ?? visitor?.name ?? visitor?.email ?? `A ${conversation?.channel ?? 'widget'} visitor`,
    ticketRef: ticket?.ref ?? null,
  };
}

/** The member's browser notifications and sound (notification_preferences.desk_alerts; no row: off). */
export async function getDeskAlerts(client: Client, args: { organizationId: string; userId: string }) {
  const { data } = await client
    .from('notification_preferences')
    .select('desk_alerts')
    .eq('organization_id', args.organizationId)
    .eq('user_id', args.userId)
    .maybeSingle()
    .throwOnError();
  return data?.desk_alerts ?? false;
}

/**
 * Update, else insert (only desk_alerts and escalation_emails are updatable, so an upsert's full SET
 * is refused). A new row keeps the email default the escalation trigger assumes without one.
 */
export async function setDeskAlerts(client: Client, args: { organizationId: string; userId: string; escalationDefault: boolean; enabled: boolean }) {
  const { data } = await client
    .from('notification_preferences')
    .update({ desk_alerts: args.enabled })
    .eq('organization_id', args.organizationId)
    .eq('user_id', args.userId)
    .select('user_id')
    .throwOnError();
  if (data.length > 0) return;
  await client
    .from('notification_preferences')
    .insert({ organization_id: args.organizationId, user_id: args.userId, escalation_emails: args.escalationDefault, desk_alerts: args.enabled })
    .throwOnError();
}
