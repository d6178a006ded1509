import { createClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import { publicEnv } from '@/lib/env/public';
import type { AccessTokenGetter, Client } from '@/lib/supabase/types';

/**
 * A Supabase client for client components, acting as the signed-in user. The token comes from
 * `accessToken` (Clerk's `useSession().session?.getToken()`, or later a small app route for the
 * local provider). Browsers have a native WebSocket, so no transport is passed. Create it once
 * per component tree (e.g. `useState(() => createBrowserSupabase(getToken))`).
 */
export function createBrowserSupabase(accessToken: AccessTokenGetter): Client {
  const { NEXT_PUBLIC_SUPABASE_URL, NEXT_PUBLIC_SUPABASE_ANON_KEY } = publicEnv();
  return createClient<Database>(NEXT_PUBLIC_SUPABASE_URL, NEXT_PUBLIC_SUPABASE_ANON_KEY, { accessToken });
}
