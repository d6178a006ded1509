import 'server-only';
import { z } from 'zod';
import { publicEnv } from '@/lib/env/public';

/** A rating link's token as the email-sender signs it (an HS256 JWT); the function checks the signature. */
export const ratingToken = z.string().regex(/^[\w-]{1,500}\.[\w-]{1,1000}\.[\w-]{43}$/);

export type RateState =
  { status: 'due' | 'rated' | 'already_rated' | 'reopened'; rating: number | null } | { status: 'invalid' | 'expired' | 'failed' };

/**
 * Calls the email-rate function (the app holds no key for the token): without a rating it only
 * reads what the link can still do, with one it records it.
 */
export async function callEmailRate(input: { token: string; rating?: number; comment?: string }): Promise<RateState> {
  if (!ratingToken.safeParse(input.token).success) return { status: 'invalid' };
  try {
    const res = await fetch(`${publicEnv().NEXT_PUBLIC_SUPABASE_URL}/functions/v1/email-rate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', apikey: publicEnv().NEXT_PUBLIC_SUPABASE_ANON_KEY },
      body: JSON.stringify(input),
      cache: 'no-store',
    });
    const body = (await res.json()) as { status?: string; rating?: number | null; error?: { code?: string } };
    if (res.ok && (body.status === 'due' || body.status === 'rated' || body.status === 'already_rated' || body.status === 'reopened')) {
      return { status: body.status, rating: body.rating ?? null };
    }
    if (body.error?.code === 'expired_token') return { status: 'expired' };
    if (body.error?.code === 'invalid_token') return { status: 'invalid' };
    return { status: 'failed' };
  } catch {
    return { status: 'failed' };
  }
}
