import { z } from 'zod';
import { env } from './env.ts';
import { b64url, fromB64url } from './base64url.ts';

// The connect flows' sealed values. Two travel through the browser and must come back unchanged:
//   - the OAuth `state` (Facebook's dialog and Zalo's permission page return it on the callback):
//     bound to the admin, the organization and the platform, valid ten minutes, and for Zalo it
//     carries the PKCE code_verifier, which must never be readable in a URL;
//   - the Facebook `grant`: the admin's user token between the callback and their choice of pages.
// Both are AES-256-GCM (authenticated encryption: a changed byte fails to open, and nothing inside
// can be read) under a key derived from CHANNEL_TOKEN_KEY for this purpose only. The state starts
// with the organization's slug in clear, so the app's fixed callback URL can send the admin back
// to that organization's dashboard; the slug is only a routing hint, the sealed part decides.

const encoder = new TextEncoder();
const STATE_TTL_MS = 10 * 60_000;

let sealingKey: Promise<CryptoKey> | undefined;
function key(): Promise<CryptoKey> {
  sealingKey ??= crypto.subtle
    .digest('SHA-256', encoder.encode(`concierge channel-oauth v1:${env('CHANNEL_TOKEN_KEY')}`))
    .then((raw) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
  return sealingKey;
}

/** `purpose` is authenticated data: a grant cannot be replayed as a state, nor the other way round. */
async function seal(purpose: string, value: unknown): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = encoder.encode(JSON.stringify(value));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(purpose) }, await key(), data));
  const out = new Uint8Array(iv.length + sealed.length);
  out.set(iv);
  out.set(sealed, iv.length);
  return b64url(out);
}

async function open(purpose: string, text: string): Promise<unknown> {
  try {
    const bytes = fromB64url(text);
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: encoder.encode(purpose) },
      await key(),
      bytes.slice(12),
    );
    return JSON.parse(new TextDecoder().decode(plain));
  } catch {
    return null;
  }
}

export type Platform = 'facebook' | 'zalo';

export interface Caller {
  organization_id: string;
  user_id: string;
  slug: string;
}

const stateClaims = z.strictObject({
  o: z.uuid(),
  u: z.string().min(1),
  p: z.enum(['facebook', 'zalo']),
  e: z.number().int(),
  n: z.string().min(16),
  v: z.string().min(43).max(128).optional(),
});
type StateClaims = z.infer<typeof stateClaims>;

const grantClaims = z.strictObject({ o: z.uuid(), u: z.string().min(1), t: z.string().min(1), e: z.number().int() });

/** A fresh state for this caller (and, for Zalo, the PKCE verifier it carries sealed). */
export async function newState(caller: Caller, platform: Platform, verifier?: string): Promise<string> {
  const claims: StateClaims = {
    o: caller.organization_id,
    u: caller.user_id,
    p: platform,
    e: Date.now() + STATE_TTL_MS,
    n: b64url(crypto.getRandomValues(new Uint8Array(16))),
    ...(verifier ? { v: verifier } : {}),
  };
  return `${caller.slug}.${await seal('state', claims)}`;
}

export type StateCheck = { ok: true; verifier?: string } | { ok: false; reason: string };

/**
 * The state is ours (opens under the key), unexpired, for this platform, and was issued to this
 * same member of this same organization: a callback link forwarded to another admin, or a code
 * obtained for another organization, is refused.
 */
export async function checkState(state: string, caller: Caller, platform: Platform, now = Date.now()): Promise<StateCheck> {
  const sealed = /^[a-z0-9-]{1,48}\.([\w-]{20,2000})$/.exec(state)?.[1];
  const claims = sealed ? stateClaims.safeParse(await open('state', sealed)) : undefined;
  if (!claims?.success) return { ok: false, reason: 'The sign-in link is not valid. Start connecting again.' };
  const c = claims.data;
  if (c.e < now) return { ok: false, reason: 'The sign-in took too long and expired. Start connecting again.' };
  if (c.p !== platform || c.o !== caller.organization_id || c.u !== caller.user_id) {
    return { ok: false, reason: 'This sign-in was started by another member or for another organization. Start connecting again.' };
  }
  return { ok: true, verifier: c.v };
}

/** The admin's Facebook user token, sealed for the page choice that follows (ten minutes). */
export function sealGrant(caller: Caller, userToken: string): Promise<string> {
  return seal('grant', { o: caller.organization_id, u: caller.user_id, t: userToken, e: Date.now() + STATE_TTL_MS });
}

export async function openGrant(grant: string, caller: Caller): Promise<string | null> {
  const claims = grantClaims.safeParse(await open('grant', grant));
  if (!claims.success) return null;
  const c = claims.data;
  if (c.e < Date.now() || c.o !== caller.organization_id || c.u !== caller.user_id) return null;
  return c.t;
}

/** PKCE (RFC 7636): a 43-character verifier and its S256 challenge. */
export async function pkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(verifier))));
  return { verifier, challenge };
}

const base = (name: string, fallback: string) => (Deno.env.get(name) || fallback).replace(/\/+$/, '');
export const graphUrl = () => base('FACEBOOK_GRAPH_URL', 'https://graph.facebook.com/v21.0');
export const facebookDialogUrl = () => base('FACEBOOK_DIALOG_URL', 'https://www.facebook.com/v21.0/dialog/oauth');
export const zaloOauthUrl = () => base('ZALO_OAUTH_URL', 'https://oauth.zaloapp.com');
export const zaloApiUrl = () => base('ZALO_OPENAPI_URL', 'https://openapi.zalo.me');

/** The app's fixed callback, registered with Meta and Zalo (one URL for every organization). */
export const callbackUrl = (platform: Platform) => `${env('APP_URL').replace(/\/+$/, '')}/channels/callback/${platform}`;
