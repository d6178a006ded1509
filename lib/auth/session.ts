import 'server-only';
import { auth } from '@clerk/nextjs/server';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { signLocalSessionToken, type ActiveOrg } from '@/lib/auth/local-token';
import { SESSION_COOKIE, SESSION_TTL_SECONDS, signSessionCookie, verifySessionCookie } from '@/lib/auth/session-cookie';
import { serverEnv } from '@/lib/env/server';
import type { AccessTokenGetter } from '@/lib/supabase/types';

/** API tokens minted per request live just long enough for one render or action. */
const API_TOKEN_TTL_SECONDS = 300;

export interface SignedInUser {
  userId: string;
  /** Clerk's active organization id (o.id of its token); null locally, where the app picks it. */
  clerkOrgId: string | null;
}

/** Who is signed in, for either provider; null when nobody is. Once per request. */
export const getSignedInUser = cache(async (): Promise<SignedInUser | null> => {
  const env = serverEnv();
  if (env.AUTH_PROVIDER === 'clerk') {
    const { userId, orgId } = await auth();
    return userId ? { userId, clerkOrgId: orgId ?? null } : null;
  }
  const key = { privateJwk: env.LOCAL_AUTH_PRIVATE_JWK, issuer: env.LOCAL_AUTH_ISSUER };
  const userId = await verifySessionCookie(key, (await cookies()).get(SESSION_COOKIE)?.value);
  return userId ? { userId, clerkOrgId: null } : null;
});

/** The signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<SignedInUser> {
  const user = await getSignedInUser();
  if (!user) redirect('/sign-in');
  return user;
}

/**
 * The user's Supabase access token getter. Clerk: its session token (the active organization is
 * whatever the URL synced, see proxy.ts). Local: a token minted now, naming `org` if given.
 */
export function accessTokenFor(userId: string, org?: ActiveOrg): AccessTokenGetter {
  const env = serverEnv();
  if (env.AUTH_PROVIDER === 'clerk') return async () => (await auth()).getToken();
  const token = signLocalSessionToken({
    privateJwk: env.LOCAL_AUTH_PRIVATE_JWK,
    issuer: env.LOCAL_AUTH_ISSUER,
    userId,
    org,
    ttlSeconds: API_TOKEN_TTL_SECONDS,
  });
  return () => token;
}

/** Start a local session (local provider only). */
export async function startLocalSession(userId: string): Promise<void> {
  const env = serverEnv();
  if (env.AUTH_PROVIDER !== 'local') throw new Error('Local sessions exist only with AUTH_PROVIDER=local');
  const value = await signSessionCookie({ privateJwk: env.LOCAL_AUTH_PRIVATE_JWK, issuer: env.LOCAL_AUTH_ISSUER }, userId);
  (await cookies()).set(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: await isHttps(),
    path: '/',
    maxAge: SESSION_TTL_SECONDS,
  });
}

/** Whether the browser reached us over https (directly or through a proxy that says so). */
async function isHttps(): Promise<boolean> {
  const h = await headers();
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? (h.get('origin')?.startsWith('https:') ? 'https' : 'http');
  return proto === 'https';
}

export async function endLocalSession(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}
