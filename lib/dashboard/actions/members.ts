'use server';

import { z } from 'zod';
import { ActionError, expectChanged, orgAction } from '@/lib/dashboard/action';
import { createInvitation, revokeInvitation } from '@/lib/data/invitations';
import { removeMember, updateMemberRole } from '@/lib/data/members';
import { memberRole as role, userId } from '@/lib/validation';

/**
 * Members and invitations. Admins manage non-owners, owners manage everyone; the policies on
 * organization_members and invitations enforce exactly that, and keep the last owner.
 */
export const inviteMember = orgAction(
  z.object({
    // trimmed before it is checked: an address pasted with a space around it is still valid
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email({ error: 'Enter a valid email address' }).max(254)),
    role,
  }),
  async (ctx, input) => {
    try {
      await createInvitation(ctx.supabase, { organizationId: ctx.org.id, email: input.email, role: input.role, invitedBy: ctx.user.userId });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '23505') throw new ActionError(`${input.email} already has a pending invitation.`);
      // the invitations trigger refuses an email that is already a member's
      if (code === '23514' && (error as { message?: string }).message?.includes('already a member')) {
        throw new ActionError(`${input.email} is already a member of ${ctx.org.name}. Change their role in the list instead.`);
      }
      throw error;
    }
    return `Invitation sent to ${input.email}. They join when they sign up with that email, or accept it on their dashboard if they already have an account.`;
  },
);

export const changeMemberRole = orgAction(z.object({ userId, role }), async (ctx, input) => {
  expectChanged(await updateMemberRole(ctx.supabase, { organizationId: ctx.org.id, userId: input.userId, role: input.role }), 'member');
  return 'Role changed.';
});

export const removeMemberFromOrg = orgAction(z.object({ userId }), async (ctx, input) => {
  expectChanged(await removeMember(ctx.supabase, { organizationId: ctx.org.id, userId: input.userId }), 'member');
  return 'Member removed.';
});

export const revokeInvite = orgAction(z.object({ invitationId: z.uuid() }), async (ctx, input) => {
  expectChanged(await revokeInvitation(ctx.supabase, { id: input.invitationId }), 'invitation');
  return 'Invitation revoked.';
});
