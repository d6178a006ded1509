import type { Client } from '@/lib/supabase/types';

/** The signed-in user's own pending invitations (any organization), for accepting on /dashboard. */
export async function listMyPendingInvitations(client: Client) {
  const { data } = await client.rpc('my_pending_invitations').throwOnError();
  return data;
}

export type ReceivedInvitation = Awaited<ReturnType<typeof listMyPendingInvitations>>[number];

/** Joins the inviting organization with the invited role (public.accept_invitation checks the email). */
export async function acceptInvitation(client: Client, args: { id: string }) {
  const { data } = await client.rpc('accept_invitation', { p_invitation_id: args.id }).throwOnError();
  return data as { organization_id: string; slug: string; role: string };
}
