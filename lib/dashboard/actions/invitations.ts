'use server';

import { PostgrestError } from '@supabase/supabase-js';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { ActionState } from '@/lib/dashboard/action-state';
import { getUserSupabase } from '@/lib/dashboard/context';
import { acceptInvitation } from '@/lib/data/invitations-received';

const fail = (message: string): ActionState => ({ status: 'error', message, at: Date.now() });

/**
 * A signed-in user accepts one of their own invitations (not tied to an organization they are in
 * yet, so not an orgAction). Postgres checks the email, the status and the expiry; then the user
 * lands in the organization they joined.
 */
export async function acceptInvitationAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = z.object({ invitationId: z.uuid() }).safeParse({ invitationId: formData.get('invitationId') });
  if (!parsed.success) return fail('This invitation link is not valid.');
  const { supabase } = await getUserSupabase();
  let slug: string;
  try {
    slug = (await acceptInvitation(supabase, { id: parsed.data.invitationId })).slug;
  } catch (error) {
    if (error instanceof PostgrestError && (error.code === '22023' || error.code === 'P0002')) {
      return fail(
        error.code === 'P0002' ? 'This invitation is not addressed to you.' : 'This invitation was revoked, used or has expired. Ask for a new one.',
      );
    }
    throw error;
  }
  redirect(`/dashboard/${slug}/tickets`);
}
