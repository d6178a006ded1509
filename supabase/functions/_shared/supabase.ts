import { createClient, type SupabaseClient } from '@supabase/supabase-js';

// Clients for the functions. Visitor traffic uses the anon key only: what a visitor may do is
// decided by the security definer widget_* functions in Postgres, from the session token.

function env(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const options = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } };

export function anonClient(): SupabaseClient {
  return createClient(env('SUPABASE_URL'), env('SUPABASE_ANON_KEY'), options);
}

/**
 * Service role, for the AI reply write only (public.store_ai_reply, executable by service_role
 * alone). Listed in SECURITY.md.
 */
export function aiWriterClient(): SupabaseClient {
  return createClient(env('SUPABASE_URL'), env('SUPABASE_SERVICE_ROLE_KEY'), options);
}
