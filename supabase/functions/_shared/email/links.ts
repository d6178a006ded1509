import { z } from 'zod';
import { env } from '../env.ts';
import { b64url, fromB64url } from '../base64url.ts';

// Signed unsubscribe tokens: base64url(JSON {o, e, k}) + '.' + base64url(HMAC-SHA256), keyed by
// EMAIL_LINK_SECRET. They never expire (an old email's link must keep working) and carry no
// secret: whoever holds one may only stop that kind of email to that address from that
// organization, which is what the link is for.

export const emailKinds = ['invitation', 'agent_reply', 'escalation', 'transcript', 'channel_alert'] as const;
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
