import 'server-only';
import type { z } from 'zod';
import { accessTokenFor } from '@/lib/auth/session';
import type { OrgContext } from '@/lib/dashboard/context';
import { publicEnv } from '@/lib/env/public';
import type { channelPlatform } from '@/lib/validation';

/**
 * The dashboard's side of the connect flows: the OAuth exchanges run in the channel-connect Edge
 * Function (it holds the app secrets and the token key; the app holds neither), called with the
 * member's own session token for the organization on screen, so the database decides whether
 * they may connect (admins and owners) and the function binds the flow to them.
 */
export type ChannelPlatform = z.infer<typeof channelPlatform>;

export interface ConnectResult {
  id: string;
  name: string;
  status: 'connected' | 'taken' | 'not_found' | 'subscribe_failed';
  message: string;
}

export type ConnectAnswer =
  | { ok: true; url?: string; grant?: string; pages?: { id: string; name: string }[]; results?: ConnectResult[] }
  | { ok: false; status: number; code: string; message: string };

export async function callChannelConnect(ctx: OrgContext, body: Record<string, unknown>): Promise<ConnectAnswer> {
  const token = await accessTokenFor(ctx.user.userId, { id: ctx.org.id, role: ctx.role, slug: ctx.org.slug })();
  const env = publicEnv();
  let res: Response;
  try {
    res = await fetch(`${env.NEXT_PUBLIC_SUPABASE_URL.replace(/\/+$/, '')}/functions/v1/channel-connect`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        apikey: env.NEXT_PUBLIC_SUPABASE_ANON_KEY,
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    return { ok: false, status: 503, code: 'unavailable', message: 'The connection service could not be reached. Try again in a moment.' };
  }
  const answer = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } } & Record<string, unknown>;
  if (!res.ok) {
    return {
      ok: false,
      status: res.status,
      code: answer.error?.code ?? 'error',
      message: answer.error?.message ?? 'The channel could not be connected. Try again in a moment.',
    };
  }
  return { ok: true, ...(answer as object) };
}
