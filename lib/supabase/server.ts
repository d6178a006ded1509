import 'server-only';
import { createClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import { serverEnv } from '@/lib/env/server';
import type { AccessTokenGetter, Client } from '@/lib/supabase/types';

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
  });
}
