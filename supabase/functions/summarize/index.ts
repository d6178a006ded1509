import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { json, jsonError, preflight } from '../_shared/http.ts';
import { configuredSummarizer, type Summarizer, type Transcript } from '../_shared/summary/index.ts';

// Summarizes finished conversations (resolved, closed, or idle) that lack a current summary,
// one organization at a time, and writes the summary onto the conversation.
//
// Two callers:
//   - the scheduler (pg_cron + pg_net hosted, a timer in `npm run dev` locally) with
//     `Authorization: Bearer <CRON_SECRET>`: every organization with work to do;
//   - an admin's "Summarize now" button with their own session token: their active organization.
// Either way the reads and writes go through public.summary_candidates / public.store_summary,
// which run as concierge_jobs under RLS for the one organization of the call. A wrong or missing
// secret (or token) gets 401. Idempotent: a conversation with a current summary is skipped unless
// the call says `force` (the admin button's "summarize again"); an admin may force once per
// organization per cooldown (Postgres: private.claim_forced_summary), else 429 with Retry-After.

const body = z.strictObject({
  force: z.boolean().optional(),
  organization_id: z.uuid().optional(),
  idle_minutes: z.number().int().min(1).max(1440).optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
type Options = z.infer<typeof body>;

const TIME_BUDGET_MS = 50_000;
const options = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } };

function env(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Constant-time: both sides are hashed first, so neither length nor content leaks through timing. */
async function isCronSecret(token: string): Promise<boolean> {
  const secret = Deno.env.get('CRON_SECRET');
  if (!secret) return false;
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([token, secret].map((s) => crypto.subtle.digest('SHA-256', encoder.encode(s))));
  const x = new Uint8Array(a!);
  const y = new Uint8Array(b!);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

interface OrgResult {
  organization_id: string;
  summarized: number;
  skipped: number;
  failed: number;
}

async function summarizeOrg(client: SupabaseClient, org: string, opts: Options, summarizer: Summarizer, deadline: number) {
  const result: OrgResult = { organization_id: org, summarized: 0, skipped: 0, failed: 0 };
  const { data, error } = await client.rpc('summary_candidates', {
    p_org: org,
    p_limit: opts.limit ?? 20,
    p_idle_minutes: opts.idle_minutes ?? 30,
    p_force: opts.force ?? false,
  });
  if (error) throw error;
  for (const conversation of data as (Transcript & { id: string })[]) {
    if (Date.now() > deadline) break;
    let summary: string;
    try {
      summary = await summarizer.summarize(conversation);
    } catch {
      // left without a summary, so the next run tries again
      result.failed += 1;
      continue;
    }
    const stored = await client.rpc('store_summary', {
      p_org: org,
      p_conversation_id: conversation.id,
      p_summary: summary,
      p_force: opts.force ?? false,
    });
    if (stored.error) throw stored.error;
    if (stored.data === true) result.summarized += 1;
    else result.skipped += 1;
  }
  return result;
}

async function readOptions(request: Request): Promise<Options | Response> {
  if (Number(request.headers.get('content-length') ?? 0) > 4096) return jsonError(413, 'payload_too_large', 'The body must be at most 4 kB');
  const text = await request.text();
  if (text.length > 4096) return jsonError(413, 'payload_too_large', 'The body must be at most 4 kB');
  let raw: unknown = {};
  try {
    if (text.trim()) raw = JSON.parse(text);
  } catch {
    return jsonError(400, 'invalid_json', 'The body is not valid JSON');
  }
  const parsed = body.safeParse(raw);
  if (!parsed.success) return jsonError(400, 'invalid_request', parsed.error.issues[0]?.message ?? 'invalid body');
  return parsed.data;
}

function statusOf(error: { code?: string; hint?: string | null }, status?: number): Response {
  if (error.code === '42501') return jsonError(403, 'forbidden', 'Only admins of the active organization can run its summaries');
  if (error.code === 'PT429') {
    // public.summary_candidates: an admin's forced run within the organization's cooldown
    const retryAfter = /retry-after=(\d+)/.exec(error.hint ?? '')?.[1] ?? '600';
    return jsonError(429, 'rate_limited', `Summaries of this organization were rewritten recently. Try again in ${retryAfter} s.`, {
      'Retry-After': retryAfter,
    });
  }
  if (status === 401 || error.code?.startsWith('PGRST30')) {
    return jsonError(401, 'unauthorized', 'Invalid or expired credentials');
  }
  console.error('summarize failed', error.code);
  return jsonError(500, 'internal_error', 'Something went wrong on our side. Please try again.');
}

Deno.serve(async (request) => {
  const early = preflight(request);
  if (early) return early;
  if (request.method !== 'POST') return jsonError(405, 'method_not_allowed', 'Use POST');
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  const unauthorized = () => jsonError(401, 'unauthorized', 'Invalid or missing credentials', { 'WWW-Authenticate': 'Bearer' });
  if (!token) return unauthorized();
  const cron = await isCronSecret(token);
  // anything but the secret must at least look like a session token (JWT) before PostgREST sees it
  if (!cron && !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return unauthorized();

  const opts = await readOptions(request);
  if (opts instanceof Response) return opts;
  const summarizer = configuredSummarizer();
  const deadline = Date.now() + TIME_BUDGET_MS;
  try {
    let client: SupabaseClient;
    let orgs: string[];
    if (cron) {
      // service role, for the three job RPCs only (listed in SECURITY.md)
      client = createClient(env('SUPABASE_URL'), env('SUPABASE_SERVICE_ROLE_KEY'), options);
      if (opts.organization_id) orgs = [opts.organization_id];
      else {
        const { data, error } = await client.rpc('summary_organizations', { p_idle_minutes: opts.idle_minutes ?? 30 });
        if (error) throw error;
        orgs = data as string[];
      }
    } else {
      client = createClient(env('SUPABASE_URL'), env('SUPABASE_ANON_KEY'), { ...options, accessToken: () => Promise.resolve(token) });
      if (opts.organization_id) return jsonError(400, 'invalid_request', 'organization_id is for the scheduler; admins summarize their active organization');
      const { data, error, status } = await client.rpc('summary_scope');
      if (error) return statusOf(error, status);
      orgs = [data as string];
    }
    const results: OrgResult[] = [];
    for (const org of orgs) {
      if (Date.now() > deadline) break;
      results.push(await summarizeOrg(client, org, opts, summarizer, deadline));
    }
    const total = (k: 'summarized' | 'skipped' | 'failed') => results.reduce((n, r) => n + r[k], 0);
    return json({
      provider: summarizer.name,
      organizations: results.length,
      summarized: total('summarized'),
      skipped: total('skipped'),
      failed: total('failed'),
      results,
    });
  } catch (error) {
    return statusOf(error as { code?: string; hint?: string | null });
  }
});
