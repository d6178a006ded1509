import { createBrowserClient } from '@supabase/ssr';
import type { Database } from '@/lib/database.types';
import type { Client } from '@/lib/supabase/types';

/** A token is asked for again this long before it expires (Clerk's last a minute, local ones five). */
const RENEW_BEFORE_MS = 20_000;

/** When a JWT expires (ms since the epoch), from its `exp` claim; 0 when it has none or is no JWT. */
export function tokenExpiry(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

export interface TokenSource {
  /** The current token, fetched again when it is about to expire; null when none can be had. */
  get: () => Promise<string | null>;
  /** When the token in hand must be renewed (ms since the epoch). */
  renewAt: () => number;
}

/**
 * Caches the member's token between uses: realtime-js asks for it at every heartbeat (25 s) and
 * PostgREST at every request, the server only when it is about to expire. Concurrent callers
 * share one fetch.
 */
export function tokenSource(fetchToken: () => Promise<string | null>, now: () => number = Date.now): TokenSource {
  let token: string | null = null;
  let expiresAt = 0;
  let inFlight: Promise<string | null> | null = null;
  const renewAt = () => expiresAt - RENEW_BEFORE_MS;
  const get = async () => {
    if (token && now() < renewAt()) return token;
    inFlight ??= fetchToken()
      .then((fresh) => {
        token = fresh;
        expiresAt = fresh ? tokenExpiry(fresh) : 0;
        return fresh;
      })
      .catch(() => (token && now() < expiresAt ? token : null))
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
  return { get, renewAt };
}

/** The Supabase API as the server sees it at runtime (passed down, so a build serves any stack). */
export interface SupabaseApi {
  url: string;
  anonKey: string;
}

/**
 * The dashboard's browser client: @supabase/ssr's createBrowserClient acting as the signed-in
 * member through `accessToken` (third-party auth: Clerk's token, or the local provider's), never
 * a Supabase Auth session. One per organization page tree (not the package's singleton: the
 * token names the organization on screen). realtime-js calls `accessToken` again on every
 * heartbeat and sends a changed token to every joined channel (`access_token`), which is how a
 * renewed token, or a revoked membership, reaches the Realtime service.
 */
export function createDashboardClient(api: SupabaseApi, tokens: TokenSource): Client {
  return createBrowserClient<Database>(api.url, api.anonKey, {
    isSingleton: false,
    accessToken: tokens.get,
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
