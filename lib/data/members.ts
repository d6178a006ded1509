import type { MemberRole } from '@/lib/dashboard/roles';
import type { Client } from '@/lib/supabase/types';

/**
 * The organization's members with their profiles, owners first. Filtered by organization on
 * purpose: the policy also shows members their own rows in their other organizations.
 */
export async function listMembers(client: Client, args: { organizationId: string }) {
  const { data } = await client
    .from('organization_members')
    .select('user_id, role, created_at, user:users(id, name, email, avatar_url)')
    .eq('organization_id', args.organizationId)
    .order('role', { ascending: false })
    .order('created_at')
    .limit(500)
    .throwOnError();
  return data;
}

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

/** Returns how many rows RLS let through: 0 when the caller may not change this member. */
export async function updateMemberRole(client: Client, args: { organizationId: string; userId: string; role: MemberRole }) {
  const { data } = await client
    .from('organization_members')
    .update({ role: args.role })
    .eq('organization_id', args.organizationId)
    .eq('user_id', args.userId)
    .select('user_id')
    .throwOnError();
  return data.length;
}

export async function removeMember(client: Client, args: { organizationId: string; userId: string }) {
  const { data } = await client
    .from('organization_members')
    .delete()
    .eq('organization_id', args.organizationId)
    .eq('user_id', args.userId)
    .select('user_id')
    .throwOnError();
  return data.length;
}

/** The signed-in member's own availability in the active organization (public.set_my_availability). */
export async function setMyAvailability(client: Client, args: { available: boolean }) {
  const { data } = await client.rpc('set_my_availability', { p_available: args.available }).throwOnError();
  return data;
}

/** Whether the signed-in member takes new escalations (true) or is away. */
export async function getMyAvailability(client: Client, args: { organizationId: string; userId: string }) {
  const { data } = await client
    .from('organization_members')
    .select('available')
    .eq('organization_id', args.organizationId)
    .eq('user_id', args.userId)
    .single()
    .throwOnError();
  return data.available;
}
