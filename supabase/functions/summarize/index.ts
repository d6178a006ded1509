import { z } from 'zod';
import { isCronSecret } from '../_shared/cron.ts';
import type { RpcErrorOptions } from '../_shared/errors.ts';
import { type Context, HttpError, serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';
import { type Db, rpcJson, serviceClient, userClient } from '../_shared/supabase.ts';
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

// Hosted Edge Functions are stopped after their wall-clock limit; the run stops starting new
// work well before it, and what is left waits for the next run (SUMMARIZE_TIME_BUDGET_MS).
const TIME_BUDGET_MS = z.coerce
  .number()
  .int()
  .min(1)
  .max(300_000)
  .catch(50_000)
  .parse(Deno.env.get('SUMMARIZE_TIME_BUDGET_MS') ?? 50_000);

/** summarize's answer where the shared one would say less. */
const rpcOptions: RpcErrorOptions = {
  answers: { '42501': [403, 'forbidden', 'Only admins of the active organization can run its summaries'] },
};

interface OrgResult {
  organization_id: string;
  summarized: number;
  skipped: number;
  failed: number;
}

async function summarizeOrg(ctx: Context, client: Db, org: string, opts: Options, summarizer: Summarizer, deadline: number) {
  const result: OrgResult = { organization_id: org, summarized: 0, skipped: 0, failed: 0 };
  const { data, error } = await client.rpc('summary_candidates', {
    p_org: org,
    p_limit: opts.limit ?? 20,
    p_idle_minutes: opts.idle_minutes ?? 30,
    p_force: opts.force ?? false,
  });
  if (error) throw new HttpError(ctx.rpcError(error, rpcOptions));
  for (const conversation of rpcJson<(Transcript & { id: string })[]>(data)) {
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
    if (stored.error) throw new HttpError(ctx.rpcError(stored.error, rpcOptions));
    if (stored.data === true) result.summarized += 1;
    else result.skipped += 1;
  }
  return result;
}

serve({ name: 'summarize', methods: ['POST'], maxBytes: 4096 }, async (ctx) => {
  const token = /^Bearer\s+(\S+)$/i.exec(ctx.request.headers.get('authorization') ?? '')?.[1];
  const unauthorized = () => jsonError(401, 'unauthorized', 'Invalid or missing credentials', { 'WWW-Authenticate': 'Bearer' });
  if (!token) return unauthorized();
  const cron = await isCronSecret(token);
  // anything but the secret must at least look like a session token (JWT) before PostgREST sees it
  if (!cron && !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return unauthorized();

  // the scheduler may send no body at all
  const opts = await ctx.json(body, { empty: {} });
  const summarizer = configuredSummarizer();
  const deadline = Date.now() + TIME_BUDGET_MS;
  let client: Db;
  let orgs: string[];
  if (cron) {
    // service role, for the three job RPCs only (listed in SECURITY.md)
    client = serviceClient();
    if (opts.organization_id) orgs = [opts.organization_id];
    else {
      const { data, error } = await client.rpc('summary_organizations', { p_idle_minutes: opts.idle_minutes ?? 30 });
      if (error) return ctx.rpcError(error, rpcOptions);
      orgs = data;
    }
  } else {
    client = userClient(token);
    if (opts.organization_id) return jsonError(400, 'invalid_request', 'organization_id is for the scheduler; admins summarize their active organization');
    const { data, error, status } = await client.rpc('summary_scope');
    if (error) return ctx.rpcError(error, { ...rpcOptions, status });
    orgs = [data];
  }
  const results: OrgResult[] = [];
  for (const org of orgs) {
    if (Date.now() > deadline) break;
    results.push(await summarizeOrg(ctx, client, org, opts, summarizer, deadline));
  }
  // the next run picks up what is left: candidates are whatever still lacks a summary
  const stoppedEarly = Date.now() > deadline;
  const total = (k: 'summarized' | 'skipped' | 'failed') => results.reduce((n, r) => n + r[k], 0);
  return json({
    provider: summarizer.name,
    organizations: results.length,
    summarized: total('summarized'),
    skipped: total('skipped'),
    failed: total('failed'),
    stopped_early: stoppedEarly,
    results,
  });
});
