import type { Json } from '@/lib/database.types';
import type { Client } from '@/lib/supabase/types';

const ORG_COLUMNS = 'id, slug, name, kind, ticket_prefix, settings, clerk_org_id' as const;

/** The user's organizations with their role in each (for the switcher). */
export async function getMyMemberships(client: Client, args: { userId: string }) {
  const { data } = await client
    .from('organizations')
    .select(`${ORG_COLUMNS}, organization_members!inner(role)`)
    .eq('organization_members.user_id', args.userId)
    .order('name')
    .limit(200)
    .throwOnError();
  return data.flatMap(({ organization_members: [member], ...organization }) =>
    member ? [{ organization, role: member.role }] : [],
  );
}

export type MembershipOrg = Awaited<ReturnType<typeof getMyMemberships>>[number];

/** One organization by slug with the user's role in it, or null if they are not a member. */
export async function getMembershipBySlug(client: Client, args: { slug: string; userId: string }): Promise<MembershipOrg | null> {
  const { data } = await client
    .from('organizations')
    .select(`${ORG_COLUMNS}, organization_members!inner(role)`)
    .eq('slug', args.slug)
    .eq('organization_members.user_id', args.userId)
    .maybeSingle()
    .throwOnError();
  const member = data?.organization_members[0];
  if (!data || !member) return null;
  const { organization_members: _members, ...organization } = data;
  return { organization, role: member.role };
}

/** Rename the active organization and merge settings keys (admins; RLS refuses others). */
export async function updateOrganization(
  client: Client,
  args: { id: string; name: string; settings: Record<string, Json | undefined> },
) {
  const { data: current } = await client.from('organizations').select('settings').eq('id', args.id).single().throwOnError();
  const base = current.settings && typeof current.settings === 'object' && !Array.isArray(current.settings) ? current.settings : {};
  const { data } = await client
    .from('organizations')
    .update({ name: args.name, settings: { ...base, ...args.settings } })
    .eq('id', args.id)
    .select('id')
    .throwOnError();
  return data.length;
}
