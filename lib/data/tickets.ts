import type { Client } from '@/lib/supabase/types';

/**
 * How many tickets the signed-in user can see: across all their organizations, or in one.
 * A HEAD request with an exact count, so no rows travel.
 */
export async function countTickets(client: Client, args: { organizationId?: string } = {}) {
  let query = client.from('tickets').select('id', { count: 'exact', head: true });
  if (args.organizationId) query = query.eq('organization_id', args.organizationId);
  const { count } = await query.throwOnError();
  return count ?? 0;
}
