import type { MemberRole } from '@/lib/dashboard/roles';
import type { Client } from '@/lib/supabase/types';

/** Pending invitations of the active organization, newest first. */
export async function listPendingInvitations(client: Client) {
  const { data } = await client
    .from('invitations')
    .select('id, email, role, invited_by, expires_at, created_at')
    .eq('status', 'pending')
    .order('created_at', { ascending: false })
    .limit(200)
    .throwOnError();
  return data;
}

export type InvitationRow = Awaited<ReturnType<typeof listPendingInvitations>>[number];

/** The invitation is accepted by public.sync_clerk_user when that email signs up or signs in. */
export async function createInvitation(client: Client, args: { organizationId: string; email: string; role: MemberRole; invitedBy: string }) {
  const { data } = await client
    .from('invitations')
    .insert({ organization_id: args.organizationId, email: args.email, role: args.role, invited_by: args.invitedBy })
    .select('id')
    .single()
    .throwOnError();
  return data;
}

export async function revokeInvitation(client: Client, args: { id: string }) {
  const { data } = await client
    .from('invitations')
    .update({ status: 'revoked' })
    .eq('id', args.id)
    .eq('status', 'pending')
    .select('id')
    .throwOnError();
  return data.length;
}
