import type { Database } from '@/lib/database.types';
import type { Client } from '@/lib/supabase/types';

type TicketPriority = Database['public']['Enums']['ticket_priority'];

/** The active organization's SLA targets, by priority (a priority without a row has none). */
export async function listSlaPolicies(client: Client) {
  const { data } = await client.from('sla_policies').select('priority, first_response_minutes, resolution_minutes, updated_at').throwOnError();
  return data;
}

export type SlaPolicy = Awaited<ReturnType<typeof listSlaPolicies>>[number];

/**
 * Set one priority's targets; both null removes the row (no targets). An update first, then an
 * insert when there was no row: an upsert would also write organization_id and priority, which
 * members may not update. Returns how many rows RLS let through (0: not an admin).
 */
export async function saveSlaPolicy(
  client: Client,
  args: { organizationId: string; priority: TicketPriority; firstResponseMinutes: number | null; resolutionMinutes: number | null },
): Promise<number> {
  if (args.firstResponseMinutes === null && args.resolutionMinutes === null) {
    const { data: deleted } = await client.from('sla_policies').delete().eq('priority', args.priority).select('priority').throwOnError();
    if (deleted.length > 0) return deleted.length;
    // no row to remove is done (the priority has no targets either way); a row RLS kept is not
    const { data: kept } = await client.from('sla_policies').select('priority').eq('priority', args.priority).throwOnError();
    return kept.length === 0 ? 1 : 0;
  }
  const targets = { first_response_minutes: args.firstResponseMinutes, resolution_minutes: args.resolutionMinutes };
  const { data: updated } = await client.from('sla_policies').update(targets).eq('priority', args.priority).select('priority').throwOnError();
  if (updated.length > 0) return updated.length;
  const { data: inserted } = await client
    .from('sla_policies')
    .insert({ organization_id: args.organizationId, priority: args.priority, ...targets })
    .select('priority')
    .throwOnError();
  return inserted.length;
}

/** SLA results of the tickets created in [from, to): overall (priority null) and per priority. */
export async function slaAnalytics(client: Client, args: { from: string; to: string }) {
  const { data } = await client.rpc('analytics_sla', { p_from: args.from, p_to: args.to }).throwOnError();
  return data;
}

export type SlaAnalyticsRow = Awaited<ReturnType<typeof slaAnalytics>>[number];
