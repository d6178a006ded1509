import type { Client } from '@/lib/supabase/types';

/** How much of each history a customer's page shows (the newest first; the total is shown too). */
export const CUSTOMER_HISTORY_LIMIT = 50;

/** A visitor (anonymous, or identified by the site's customer id) of the active organization. */
export async function getCustomer(client: Client, args: { visitorId: string }) {
  const { data } = await client
    .from('visitors')
    .select('id, name, email, external_id, metadata, first_seen_at, last_seen_at, website:websites(id, name, domain)')
    .eq('id', args.visitorId)
    .maybeSingle()
    .throwOnError();
  return data;
}

export type Customer = NonNullable<Awaited<ReturnType<typeof getCustomer>>>;

/**
 * Everything recorded about one customer: their conversations (with tickets), the tickets opened
 * for their email without a chat, and the article views and events the ingestion API recorded.
 * RLS keeps every query to the active organization.
 */
export async function getCustomerHistory(client: Client, args: { visitorId: string; email: string | null }) {
  const limit = CUSTOMER_HISTORY_LIMIT;
  const [conversations, emailTickets, views, events] = await Promise.all([
    client
      .from('conversations')
      .select(
        'id, state, status, channel, is_escalated, is_resolved, summary, last_message_at, created_at, website:websites(name), tickets(id, ref, subject, status, created_at)',
        {
          count: 'exact',
        },
      )
      .eq('visitor_id', args.visitorId)
      .order('created_at', { ascending: false })
      .order('id')
      .limit(limit)
      .throwOnError(),
    args.email
      ? client
          .from('tickets')
          .select('id, ref, subject, status, created_at')
          .is('conversation_id', null)
          .eq('customer_email', args.email)
          .order('created_at', { ascending: false })
          .limit(limit)
          .throwOnError()
      : Promise.resolve({ data: [] }),
    client
      .from('article_views')
      .select('id, title, url, viewed_at, source, article:articles(title)', { count: 'exact' })
      .eq('visitor_id', args.visitorId)
      .order('viewed_at', { ascending: false })
      .order('id')
      .limit(limit)
      .throwOnError(),
    client
      .from('events')
      .select('id, name, properties, occurred_at, source', { count: 'exact' })
      .eq('visitor_id', args.visitorId)
      .order('occurred_at', { ascending: false })
      .order('id')
      .limit(limit)
      .throwOnError(),
  ]);
  const tickets = [...conversations.data.flatMap((c) => c.tickets), ...emailTickets.data].sort((a, b) => b.created_at.localeCompare(a.created_at));
  return {
    conversations: { rows: conversations.data, total: conversations.count ?? 0 },
    tickets,
    articleViews: { rows: views.data, total: views.count ?? 0 },
    events: { rows: events.data, total: events.count ?? 0 },
  };
}

export type CustomerHistory = Awaited<ReturnType<typeof getCustomerHistory>>;
