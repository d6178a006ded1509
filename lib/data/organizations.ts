import type { Client } from '@/lib/supabase/types';

/** The organizations the signed-in user belongs to (RLS filters; no organization filter here). */
export async function getMyOrganizations(client: Client, args: { limit?: number } = {}) {
  const { data } = await client
    .from('organizations')
    .select('id, slug, name, ticket_prefix')
    .order('name')
    .limit(args.limit ?? 100)
    .throwOnError();
  return data;
}

export type OrganizationSummary = Awaited<ReturnType<typeof getMyOrganizations>>[number];
