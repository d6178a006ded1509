import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { env } from '../env.ts';
import { b64url, fromB64url } from '../base64url.ts';

// Signed unsubscribe tokens: base64url(JSON {o, e, k}) + '.' + base64url(HMAC-SHA256), keyed by
// EMAIL_LINK_SECRET. They never expire (an old email's link must keep working) and carry no
// secret: whoever holds one may only stop that kind of email to that address from that
// organization, which is what the link is for.

export const emailKinds = ['invitation', 'agent_reply', 'escalation', 'transcript', 'channel_alert', 'csat_request'] as const;
export type EmailKind = (typeof emailKinds)[number];

const claims = z.strictObject({ o: z.uuid(), e: z.email().max(254), k: z.enum(emailKinds) });
export type UnsubscribeClaims = z.infer<typeof claims>;

const encoder = new TextEncoder();

function key(): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(env('EMAIL_LINK_SECRET')), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

export async function signUnsubscribe(c: UnsubscribeClaims): Promise<string> {
  const body = b64url(encoder.encode(JSON.stringify(c)));
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await key(), encoder.encode(body)));
  return `${body}.${b64url(mac)}`;
}

/** The claims of a genuine token, or null (wrong signature, malformed, unknown kind). */
export async function verifyUnsubscribe(token: string): Promise<UnsubscribeClaims | null> {
  const match = /^([\w-]{1,1000})\.([\w-]{43})$/.exec(token);
  if (!match) return null;
  try {
    const ok = await crypto.subtle.verify('HMAC', await key(), fromB64url(match[2]!), encoder.encode(match[1]!));
    if (!ok) return null;
    const parsed = claims.safeParse(JSON.parse(new TextDecoder().decode(fromB64url(match[1]!))));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// Rating links (CSAT by email): an HS256 JWT, keyed by the same EMAIL_LINK_SECRET, naming one
// resolution of one organization ({o, r}) and expiring after RATING_LINK_DAYS. The audience keeps
// it apart from any other token the project signs. Holding one only lets you rate that resolution
// once (public.email_rate_conversation), which is what the link is for.

export const RATING_LINK_DAYS = 30;
const RATING_AUDIENCE = 'concierge:csat';
const ratingClaims = z.object({ o: z.uuid(), r: z.uuid() });
export type RatingClaims = z.infer<typeof ratingClaims>;

export function signRating(c: RatingClaims, now = new Date()): Promise<string> {
  return new SignJWT({ o: c.o, r: c.r })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(RATING_AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(now.getTime() / 1000) + RATING_LINK_DAYS * 86_400)
    .sign(encoder.encode(env('EMAIL_LINK_SECRET')));
}

/** The claims of a genuine, unexpired rating token; 'expired' for a genuine one past its date; null otherwise. */
export async function verifyRating(token: string): Promise<RatingClaims | 'expired' | null> {
  try {
    const { payload } = await jwtVerify(token, encoder.encode(env('EMAIL_LINK_SECRET')), {
      algorithms: ['HS256'],
      audience: RATING_AUDIENCE,
      requiredClaims: ['exp'],
    });
    const parsed = ratingClaims.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch (error) {
    return error instanceof errors.JWTExpired ? 'expired' : null;
  }
}
