import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Database, Json } from '../../../lib/database.types.ts';
import { env } from './env.ts';

// Clients for the functions, typed by the generated schema (npm run gen:types), so an RPC's name
// and arguments are checked by `deno check`. Visitor traffic uses the anon key only: what a
// visitor may do is decided by the security definer widget_* functions in Postgres, from the
// session token.

export type Db = SupabaseClient<Database>;
export type { Json };

/**
 * How long one call to PostgREST may take (SUPABASE_FETCH_TIMEOUT_MS, default 15 s). Without it a
 * link that swallows a connection (a stuck proxy, a database that never answers the connect) held
 * the function, and the visitor's request, until the client gave up: the reliability battery's
 * black-hole scenario. 15 s stays below the widget's own timeouts (20 s, 30 s for chat), so the
 * visitor sees the function's clear 503 (errors.ts) and can retry.
 */
export const FETCH_TIMEOUT_MS = (() => {
  const ms = Number(Deno.env.get('SUPABASE_FETCH_TIMEOUT_MS') ?? 15_000);
  return Number.isInteger(ms) && ms > 0 ? ms : 15_000;
})();

function timedFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const timeout = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  return fetch(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
}

const options = {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  global: { fetch: timedFetch },
};

export function anonClient(): Db {
  return createClient<Database>(env('SUPABASE_URL'), env('SUPABASE_ANON_KEY'), options);
}

/** As the signed-in user whose session token (JWT) the request carried: PostgREST checks it. */
export function userClient(token: string): Db {
  return createClient<Database>(env('SUPABASE_URL'), env('SUPABASE_ANON_KEY'), {
    ...options,
    accessToken: () => Promise.resolve(token),
  });
}

/**
 * Service role. Each use is listed in SECURITY.md (the AI reply write, the summary jobs, recording
 * a domain's proof, the Clerk user sync) and calls only the RPCs granted to service_role for it.
 */
export function serviceClient(): Db {
  return createClient<Database>(env('SUPABASE_URL'), env('SUPABASE_SERVICE_ROLE_KEY'), options);
}

/**
 * An argument that may be SQL null. The generated Args types leave `| null` out (Postgres does not
 * declare which arguments accept null), so where a function takes null on purpose, say so here.
 */
export function orNull<T>(value: T | null | undefined): T {
  return (value ?? null) as T;
}

/**
 * A json-returning RPC's answer as the shape its migration documents: the generated types know
 * only `Json` there.
 */
export function rpcJson<T>(data: Json): T {
  return data as unknown as T;
}

/** A JSON argument built here (interfaces, zod output), which the generated `Json` cannot express. */
export function asJson(value: object): Json {
  return value as Json;
}
