import type { Json } from '@/lib/database.types';
import type { Client } from '@/lib/supabase/types';

const ORG_COLUMNS = 'id, slug, name, kind, ticket_prefix, settings, clerk_org_id' as const;
// Named foreign key: tables that reference both organizations and organization_members
// (notification_preferences, conversation_reads) give PostgREST other paths between the two.
const MEMBERSHIP = 'organization_members!organization_members_organization_id_fkey!inner(role)' as const;

/** The user's organizations with their role in each (for the switcher). */
export async function getMyMemberships(client: Client, args: { userId: string }) {
  const { data } = await client
    .from('organizations')
    .select(`${ORG_COLUMNS}, ${MEMBERSHIP}`)
    .eq('organization_members.user_id', args.userId)
    .order('name')
    .limit(200)
    .throwOnError();
  return data.flatMap(({ organization_members: [member], ...organization }) => (member ? [{ organization, role: member.role }] : []));
}

export type MembershipOrg = Awaited<ReturnType<typeof getMyMemberships>>[number];

/** One organization by slug with the user's role in it, or null if they are not a member. */
export async function getMembershipBySlug(client: Client, args: { slug: string; userId: string }): Promise<MembershipOrg | null> {
  const { data } = await client
    .from('organizations')
    .select(`${ORG_COLUMNS}, ${MEMBERSHIP}`)
    .eq('slug', args.slug)
    .eq('organization_members.user_id', args.userId)
    .maybeSingle()
    .throwOnError();
  const member = data?.organization_members[0];
  if (!data || !member) return null;
  const { organization_members: _members, ...organization } = data;
  return { organization, role: member.role };
}

/** The organization settings keys the dashboard edits (the database refuses any other). */
export interface OrganizationSettingsPatch {
  assistant_name?: string;
  greeting?: string;
  escalation_threshold?: number;
  conversions?: { name: string; from: string; to: string }[];
  auto_assign?: boolean;
  auto_assign_cap?: number;
  /** below the escalation threshold: offer a person, or hand over at once */
  low_confidence_action?: 'offer_person' | 'hand_over';
  reopen_window_days?: number;
}

/**
 * Merge settings keys into the organization (and rename it when `name` is given), in one UPDATE
 * (public.update_organization_settings), so two saves of different keys at once keep both.
 * Admins only; RLS refuses others, which returns 0.
 */
export async function updateOrganization(client: Client, args: { id: string; name?: string; settings: OrganizationSettingsPatch }) {
  const { data } = await client
    .rpc('update_organization_settings', { p_organization_id: args.id, p_settings: args.settings as Json, p_name: args.name })
    .throwOnError();
  return data;
}
