import type { MemberRole } from '@/lib/dashboard/roles';
import type { Client } from '@/lib/supabase/types';

/** Email domains whose verified sign-ups join the active organization automatically. */
export async function listDomains(client: Client) {
  const { data } = await client.from('organization_domains').select('domain, role, created_at').order('domain').throwOnError();
  return data;
}

export async function addDomain(client: Client, args: { organizationId: string; domain: string; role: MemberRole }) {
  await client
    .from('organization_domains')
    .insert({ organization_id: args.organizationId, domain: args.domain, role: args.role })
    .throwOnError();
}

export async function removeDomain(client: Client, args: { organizationId: string; domain: string }) {
  const { data } = await client
    .from('organization_domains')
    .delete()
    .eq('organization_id', args.organizationId)
    .eq('domain', args.domain)
    .select('domain')
    .throwOnError();
  return data.length;
}
