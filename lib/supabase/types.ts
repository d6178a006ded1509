import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';

/** What every query function in `lib/data/*` takes: a client typed by the generated schema. */
export type Client = SupabaseClient<Database>;

/** Returns the signed-in user's token (Clerk or local), or null when nobody is signed in. */
export type AccessTokenGetter = () => Promise<string | null>;
