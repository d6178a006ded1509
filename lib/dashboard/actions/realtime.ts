'use server';

import { accessTokenFor } from '@/lib/auth/session';
import { resolveOrgContext } from '@/lib/dashboard/context';
import { orgSlug } from '@/lib/validation';

export type RealtimeTokenResult = { token: string } | { error: { code: 'not_a_member' | 'no_token'; message: string } };

/**
 * The signed-in member's Supabase token for the dashboard's browser client (Realtime, and the
 * few PostgREST reads it makes), with the organization of `slug` active: the same token the
 * server's own queries carry (lib/auth/session.ts), so RLS on realtime.messages and on every
 * table decides as it does for a page render. Local sign-in: minted now, valid for minutes.
 * Clerk: the session token Clerk issued (its `o` claim names the organization in the URL, which
 * proxy.ts synced). Asked again before it expires, so a member who was removed loses the channel.
 */
export async function realtimeToken(slug: string): Promise<RealtimeTokenResult> {
  const parsed = orgSlug.safeParse(slug);
  const ctx = parsed.success ? await resolveOrgContext(parsed.data) : null;
  if (!ctx) return { error: { code: 'not_a_member', message: 'You are not a member of this organization.' } };
  const token = await accessTokenFor(ctx.user.userId, { id: ctx.org.id, role: ctx.role, slug: ctx.org.slug })();
  if (!token) return { error: { code: 'no_token', message: 'Your session has ended. Sign in again.' } };
  return { token };
}
