import 'server-only';
import { PostgrestError } from '@supabase/supabase-js';
import { signLocalSessionToken } from '@/lib/auth/local-token';
import { getMyOrganizations, type OrganizationSummary } from '@/lib/data/organizations';
import { countTickets } from '@/lib/data/tickets';
import { serverEnv, type ServerEnv } from '@/lib/env/server';
import { createServerSupabase } from '@/lib/supabase/server';

/** The seeded demo owner (supabase/seed.sql) and the organization active in their session. */
export const DEMO_USER = { id: 'user_acme_owner', name: 'Ada Lovelace', email: 'ada@acme.com' } as const;
export const DEMO_ORG = { id: 'a0000000-0000-4000-8000-000000000001', role: 'owner', slug: 'acme' } as const;

export type DemoView =
  | { kind: 'ok'; apiUrl: string; organizations: OrganizationSummary[]; ticketCount: number }
  | { kind: 'clerk' }
  | { kind: 'misconfigured'; message: string }
  | { kind: 'unreachable'; apiUrl: string; detail: string }
  | { kind: 'rejected'; apiUrl: string; message: string; code: string; hint: string | null };

/**
 * Reads through the whole local stack as the demo owner: a token from the local identity
 * provider, the gateway, PostgREST, and Postgres with RLS. Every failure is logged and turned into
 * a view the landing page can explain; none is hidden.
 */
export async function loadLocalDemo(): Promise<DemoView> {
  let env: ServerEnv;
  try {
    env = serverEnv();
  } catch (error) {
    console.error('[landing] environment', error);
    return { kind: 'misconfigured', message: errorMessage(error) };
  }
  if (env.AUTH_PROVIDER !== 'local') return { kind: 'clerk' };

  let token: string;
  try {
    token = await signLocalSessionToken({
      privateJwk: env.LOCAL_AUTH_PRIVATE_JWK,
      issuer: env.LOCAL_AUTH_ISSUER,
      userId: DEMO_USER.id,
      email: DEMO_USER.email,
      org: DEMO_ORG,
      ttlSeconds: 300,
    });
  } catch (error) {
    console.error('[landing] signing the local session token', error);
    return { kind: 'misconfigured', message: `LOCAL_AUTH_PRIVATE_JWK cannot sign: ${errorMessage(error)}` };
  }

  const apiUrl = env.NEXT_PUBLIC_SUPABASE_URL;
  // No retries: a landing page should say "the stack is down" at once, not after ~7 s of backoff.
  const supabase = createServerSupabase(async () => token, { retry: false });

  try {
    const [organizations, ticketCount] = await Promise.all([getMyOrganizations(supabase), countTickets(supabase)]);
    return { kind: 'ok', apiUrl, organizations, ticketCount };
  } catch (error) {
    console.error('[landing] reading through the stack failed', error);
    if (error instanceof PostgrestError && error.code) {
      return { kind: 'rejected', apiUrl, message: error.message, code: error.code, hint: error.hint || null };
    }
    return { kind: 'unreachable', apiUrl, detail: describeFailure(error) };
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `fetch failed` alone says nothing: add the cause (e.g. `ECONNREFUSED 127.0.0.1:54321`). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const causeCode = cause && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  const parts = [error.message];
  if (cause) parts.push(causeCode ? `${causeCode}: ${cause.message}` : cause.message);
  return parts.filter(Boolean).join(' — ');
}
