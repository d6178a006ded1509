'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { buildUserEvent, sendUserEvent } from '@/lib/auth/clerk-events';
import { localUserIdForEmail, normalizeEmail } from '@/lib/auth/local-users';
import { safeRedirect } from '@/lib/auth/redirect';
import { accessTokenFor, endLocalSession, startLocalSession } from '@/lib/auth/session';
import type { ActionState } from '@/lib/dashboard/action-state';
import { getUser } from '@/lib/data/users';
import { serverEnv } from '@/lib/env/server';
import { createServerSupabase } from '@/lib/supabase/server';

/**
 * The local identity provider's sign-in, sign-up and sign-out (AUTH_PROVIDER=local). Sign-up and
 * sign-in send Clerk-shaped user events, Svix-signed, to the clerk-webhook Edge Function, the
 * path Clerk itself takes in production: public.sync_clerk_user creates the user, accepts
 * pending invitations at sign-up and assigns an organization.
 */

const emailField = z.email({ error: 'Enter a valid email address, like you@company.com' }).max(254).transform(normalizeEmail);
const redirectField = z.string().max(500).optional();

function localEnv() {
  const env = serverEnv();
  if (env.AUTH_PROVIDER !== 'local') throw new Error('Local sign-in is off: Clerk signs users in (AUTH_PROVIDER=clerk)');
  return { ...env, webhookUrl: `${env.NEXT_PUBLIC_SUPABASE_URL}/functions/v1/clerk-webhook` };
}

/** The user's own row, read as that user (the app holds no key that could read anyone else's). */
async function findUser(userId: string) {
  return getUser(createServerSupabase(accessTokenFor(userId)), { id: userId });
}

const fail = (message: string, fieldErrors?: ActionState['fieldErrors']): ActionState => ({ status: 'error', message, fieldErrors, at: Date.now() });

const signInSchema = z.object({ email: emailField, redirect_url: redirectField });

export async function signInLocal(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const env = localEnv();
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return fail('Please correct the highlighted field.', z.flattenError(parsed.error).fieldErrors);
  const { email, redirect_url } = parsed.data;
  const userId = localUserIdForEmail(email);
  const user = await findUser(userId);
  if (!user) return fail('No account uses this email yet.', { email: ['No account uses this email. Sign up instead.'] });

  // Signing in refreshes the profile (user.updated); invitations wait on /dashboard to be accepted.
  try {
    await sendUserEvent(env.webhookUrl, env.CLERK_WEBHOOK_SIGNING_SECRET, buildUserEvent('user.updated', user));
  } catch (error) {
    console.error('[sign-in] the user sync failed; the profile stays as it was', error);
  }
  await startLocalSession(userId);
  redirect(safeRedirect(redirect_url));
}

const signUpSchema = z.object({
  name: z.string().trim().min(1, { error: 'Enter your name' }).max(120, { error: 'At most 120 characters' }),
  email: emailField,
});

export async function signUpLocal(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const env = localEnv();
  const parsed = signUpSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return fail('Please correct the highlighted fields.', z.flattenError(parsed.error).fieldErrors);
  const { name, email } = parsed.data;
  const userId = localUserIdForEmail(email);
  if (await findUser(userId)) {
    return fail('An account with this email already exists.', { email: ['This email already has an account. Sign in instead.'] });
  }
  try {
    await sendUserEvent(env.webhookUrl, env.CLERK_WEBHOOK_SIGNING_SECRET, buildUserEvent('user.created', { id: userId, email, name }));
  } catch (error) {
    console.error('[sign-up] the user sync failed', error);
    return fail('Your account could not be created right now. Please try again in a moment.');
  }
  await startLocalSession(userId);
  redirect('/dashboard');
}

export async function signOut(): Promise<void> {
  await endLocalSession();
  redirect('/');
}
