import { z } from 'zod';
import { answerInBackground } from './channel-ai.ts';
import type { Context } from './handler.ts';
import { json } from './http.ts';
import { asJson, serviceClient } from './supabase.ts';

// What facebook-webhook and zalo-webhook share: signature arithmetic over the raw bytes, and the
// one write, public.channel_receive, which routes a page / OA's events to the organization that
// holds it and stores each platform message once (supabase/migrations/…_create_channel_functions.sql).

const encoder = new TextEncoder();

export function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function hmacSha256Hex(secret: string, body: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', key, new Uint8Array(body)));
}

export async function sha256Hex(parts: (string | Uint8Array)[]): Promise<string> {
  const chunks = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  return hex(await crypto.subtle.digest('SHA-256', all));
}

/** Compares two strings in time independent of where they differ (a signature is not guessed byte by byte). */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** One event, as public.channel_receive takes it. */
export type ChannelEvent =
  | {
      kind: 'message';
      customer: string;
      mid: string;
      text?: string;
      attachments?: { type: string; url?: string; name?: string }[];
      echo?: boolean;
      at?: string;
    }
  | { kind: 'delivered' | 'read'; customer: string; mids?: string[]; watermark?: number }
  | { kind: 'follow' | 'unfollow'; customer: string; at?: string };

export const platformId = z.string().regex(/^[0-9]{1,32}$/);
export const customerId = z.string().min(1).max(100);

/**
 * Stores one page / OA's events. An unknown page is answered 200 with nothing stored (the
 * platform would otherwise retry a delivery nobody here can take) and logged; a database failure
 * is a 500 so the platform delivers again (each message is stored once, whatever it resends).
 */
export async function receive(ctx: Context, platform: 'facebook' | 'zalo', page: string, events: ChannelEvent[]) {
  if (events.length === 0) return { routed: true, stored: 0 };
  // service role, for public.channel_receive only; listed in SECURITY.md
  const { data, error } = await serviceClient().rpc('channel_receive', { p_platform: platform, p_page: page, p_events: asJson(events) });
  if (error) {
    ctx.log('channel_receive failed', error.code);
    throw new ReceiveError();
  }
  const result = data as { routed: boolean; stored: number; duplicates?: number; ai_enabled?: boolean; conversations?: string[] };
  if (!result.routed) ctx.log(`event for an unknown ${platform} account, nothing stored`, page);
  // stored first; the assistant answers after the 200 (a redelivery stores nothing, so answers nothing)
  if (result.ai_enabled && result.conversations?.length) answerInBackground(ctx, result.conversations);
  return result;
}

export class ReceiveError extends Error {}

export function received(results: { routed: boolean; stored: number; duplicates?: number }[]): Response {
  return json({
    status: 'ok',
    stored: results.reduce((n, r) => n + r.stored, 0),
    duplicates: results.reduce((n, r) => n + (r.duplicates ?? 0), 0),
    unrouted: results.filter((r) => !r.routed).length,
  });
}
