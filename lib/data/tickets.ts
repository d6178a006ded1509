import type { Database } from '@/lib/database.types';
import type { Client } from '@/lib/supabase/types';
import { TICKET_STATUSES } from '@/lib/validation';

export type TicketStatus = Database['public']['Enums']['ticket_status'];
export type TicketPriority = Database['public']['Enums']['ticket_priority'];

/** Ticket counts per status in the active organization (one grouped count in Postgres). */
export async function countTicketsByStatus(client: Client): Promise<Record<TicketStatus, number>> {
  const { data } = await client.rpc('ticket_status_counts').throwOnError();
  const counts = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
  for (const row of data) counts[row.status] = row.tickets;
  return counts;
}

export interface TicketListArgs {
  status?: TicketStatus;
  websiteId?: string;
  /** a member's user id, or 'none' for unassigned tickets */
  assignee?: string;
  search?: string;
  /** only tickets carrying this label (labels.id) */
  labelId?: string;
  page: number;
  pageSize: number;
  /** count the matching tickets too; callers that know the total (status counts) skip the scan */
  withTotal: boolean;
  /** only tickets with a breached SLA target, or whose running deadline is near (< 25 % left) */
  sla?: 'breached' | 'due_soon';
  /** 'due': the next running SLA deadline first (tickets without one last); default newest first */
  sort?: 'due';
}

/** The SLA clock fields of public.ticket_slas the list and the ticket page show. */
const SLA_FIELDS =
  'first_response_due_at, first_response_at, first_response_breached, first_response_minutes, resolution_due_at, resolution_breached, resolution_minutes, resolved_at, breached, next_due_at, next_target_minutes, seconds_left, due_soon';

const ASSIGNEE = 'assignee:organization_members!tickets_organization_id_assignee_id_fkey(user:users(id, name, email))';

/** PostgREST's or=() syntax reserves , ( ) and the quote; * and % are wildcards. */
export function searchPattern(search: string): string {
  return `%${search
    .replace(/[,()"\\*%:]/g, ' ')
    .trim()
    .slice(0, 100)}%`;
}

/**
 * One page of the active organization's tickets with their SLA clocks (public.ticket_slas, the
 * tickets under RLS with deadlines computed in business time), newest first or by deadline, and
 * the total matching count if asked.
 */
export async function listTickets(client: Client, args: TicketListArgs) {
  // a label filter embeds the ticket's labels a second time, as an inner join on that label (as
  // the inbox does; typed as the plain list: the extra embed only filters, nothing reads it)
  const columns = `id, ref, subject, original_query, customer_name, customer_email, status, priority, created_at, assignee_id, ${SLA_FIELDS},
       website:websites(id, name, domain), ${ASSIGNEE}, labels:ticket_labels(label_id)` as const;
  let query = client.from('ticket_slas').select((args.labelId ? `${columns}, with_label:ticket_labels!inner(label_id)` : columns) as typeof columns, {
    count: args.withTotal ? 'exact' : undefined,
  });
  if (args.labelId) query = query.eq('with_label.label_id', args.labelId);
  if (args.status) query = query.eq('status', args.status);
  if (args.websiteId) query = query.eq('website_id', args.websiteId);
  if (args.assignee === 'none') query = query.is('assignee_id', null);
  else if (args.assignee) query = query.eq('assignee_id', args.assignee);
  if (args.search?.trim()) {
    const p = searchPattern(args.search);
    query = query.or(['ref', 'subject', 'original_query', 'customer_email', 'customer_name'].map((c) => `${c}.ilike.${p}`).join(','));
  }
  if (args.sla === 'breached') query = query.eq('breached', true);
  else if (args.sla === 'due_soon') query = query.eq('due_soon', true);
  if (args.sort === 'due') query = query.order('next_due_at', { ascending: true, nullsFirst: false });
  const from = (args.page - 1) * args.pageSize;
  const { data, count } = await query
    .order('created_at', { ascending: false })
    .order('id')
    .range(from, from + args.pageSize - 1)
    .throwOnError();
  return { rows: data, total: count };
}

export type TicketRow = Awaited<ReturnType<typeof listTickets>>['rows'][number];

/** A ticket by its reference (ACM-001) in the active organization, with website and assignee. */
export async function getTicketByRef(client: Client, args: { ref: string }) {
  const { data } = await client
    .from('tickets')
    .select(
      `id, ref, subject, original_query, customer_name, customer_email, status, priority, ai_context, created_at, updated_at,
       resolved_at, resolved_by, assignee_id, conversation_id, website:websites(id, name, domain), ${ASSIGNEE}`,
    )
    .eq('ref', args.ref)
    .maybeSingle()
    .throwOnError();
  return data;
}

export type TicketDetail = NonNullable<Awaited<ReturnType<typeof getTicketByRef>>>;

/** A ticket's SLA clocks (null when RLS hides it). */
export async function getTicketSla(client: Client, args: { id: string }) {
  const { data } = await client.from('ticket_slas').select(SLA_FIELDS).eq('id', args.id).maybeSingle().throwOnError();
  return data;
}

export type TicketSla = NonNullable<Awaited<ReturnType<typeof getTicketSla>>>;

/** The SLA clocks of the tickets with these references (a page of the inbox), by reference. */
export async function slaClocksByRef(client: Client, args: { refs: string[] }): Promise<Map<string, TicketSla>> {
  if (args.refs.length === 0) return new Map();
  const { data } = await client.from('ticket_slas').select(`ref, ${SLA_FIELDS}`).in('ref', args.refs).throwOnError();
  return new Map(data.map(({ ref, ...clock }) => [ref, clock]));
}

/** Change subject, status, priority or assignee; returns how many rows RLS let through (0 or 1). */
export async function updateTicket(
  client: Client,
  args: { id: string; subject?: string; status?: TicketStatus; priority?: TicketPriority; assigneeId?: string | null },
) {
  const patch: Database['public']['Tables']['tickets']['Update'] = {};
  if (args.subject) patch.subject = args.subject;
  if (args.status) patch.status = args.status;
  if (args.priority) patch.priority = args.priority;
  if (args.assigneeId !== undefined) patch.assignee_id = args.assigneeId;
  const { data } = await client.from('tickets').update(patch).eq('id', args.id).select('id').throwOnError();
  return data.length;
}
