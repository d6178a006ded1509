import 'server-only';
import { createClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { Database } from '@/lib/database.types';
import { serverEnv } from '@/lib/env/server';
import type { AccessTokenGetter, Client } from '@/lib/supabase/types';

type RealtimeTransport = NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']>;
/**
 * Node 20 has no global WebSocket, and supabase-js throws at creation without a transport. `ws`
 * is what realtime-js expects at runtime; only its constructor overloads (which also accept
 * `null`) fail to line up with realtime-js's structural type, hence the cast.
 */
const wsTransport = WebSocket as unknown as RealtimeTransport;

export interface ServerSupabaseOptions {
  /** Retry transient PostgREST failures (GET/HEAD, with backoff). Default true. */
  retry?: boolean;
}

/**
 * A Supabase client for one request, acting as the signed-in user: PostgREST receives the user's
 * token (Supabase third-party auth style), so RLS decides what every query sees. Create one per
 * request; never share one across requests or keep it at module level.
 *
 * With Clerk: `createServerSupabase(async () => (await auth()).getToken())`.
 * The service-role key never reaches this app.
 */
export function createServerSupabase(accessToken: AccessTokenGetter, options: ServerSupabaseOptions = {}): Client {
  const { NEXT_PUBLIC_SUPABASE_URL, NEXT_PUBLIC_SUPABASE_ANON_KEY } = serverEnv();
  return createClient<Database>(NEXT_PUBLIC_SUPABASE_URL, NEXT_PUBLIC_SUPABASE_ANON_KEY, {
    accessToken,
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    db: { retry: options.retry ?? true },
    realtime: { transport: wsTransport },
  });
}

