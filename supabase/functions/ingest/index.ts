import { z } from 'zod';
import { apiKeyFrom } from '../_shared/api-key.ts';
import type { Answer } from '../_shared/errors.ts';
import { type Context, serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';
import { describeIssue, ingestItem, MAX_BODY_BYTES, MAX_ITEMS } from '../_shared/ingest-items.ts';
import { clientIp, limitFromEnv, rateLimit } from '../_shared/rate-limit.ts';
import { anonClient, asJson, rpcJson } from '../_shared/supabase.ts';
import openapi from './openapi.json' with { type: 'json' };

// The ingest API: an external system pushes visitors, chats, messages, events and article
// activity into ONE organization, the one its API key belongs to (never one named in the body).
// Items are validated here (per-item errors), then stored by public.ingest_batch, which runs as
// the RLS-bound role concierge_ingest in a single transaction; no service-role key is involved.
// The key is never logged and never echoed. Contract: ./openapi.json (also served at
// GET /functions/v1/ingest/openapi.json).
//
// Order of a request: per-IP limit, key shape, the key checked in Postgres
// (public.ingest_authenticate: 401/403 before a byte of the up to 1 MB body is read), the limit
// per verified key id, then the body. Both limits are counters in this instance's memory (see
// _shared/rate-limit.ts): they blunt floods cheaply, so with N instances a key gets up to N times
// its limit; what must hold exactly (the items, the key) is enforced in Postgres.

const limits = {
  ip: limitFromEnv('ingest_ip', 600, 60),
  // per verified key id: made-up keys (even with a real key's public prefix) cannot use it up
  key: limitFromEnv('ingest_key', 120, 60),
};

const envelope = z.strictObject({ items: z.array(z.unknown()) });
const lookupKeys = z.array(z.string().regex(/^[\x21-\x7e]{8,100}$/)).min(1).max(100);

interface ItemResult {
  index: number;
  type: unknown;
  idempotency_key: unknown;
  status: 'created' | 'updated' | 'duplicate' | 'error';
  id?: string;
  error?: { code: string; message: string };
}

/** What the ingest RPCs' SQLSTATEs mean to a caller (fixed messages); the rest as every function. */
const rpcAnswers: Record<string, Answer> = {
  '28000': [401, 'invalid_api_key', 'The API key is not valid or has been revoked'],
  '42501': [403, 'insufficient_scope', 'This API key does not have the scope this request needs'],
  '22023': [400, 'invalid_request', 'The request is malformed'],
  '54000': [413, 'batch_too_large', `A batch holds at most ${MAX_ITEMS} items`],
  '57014': [503, 'timeout', 'The batch took too long to store; send fewer items per request', { 'Retry-After': '5' }],
};

function field(raw: unknown, name: string): unknown {
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? ((raw as Record<string, unknown>)[name] ?? null) : null;
}

async function ingest(ctx: Context, key: string): Promise<Response> {
  const { items } = await ctx.json(envelope);
  if (items.length > MAX_ITEMS) return jsonError(413, 'batch_too_large', `A batch holds at most ${MAX_ITEMS} items`);

  const results: ItemResult[] = [];
  const valid: { index: number; item: unknown }[] = [];
  items.forEach((raw, index) => {
    const item = ingestItem.safeParse(raw);
    if (item.success) valid.push({ index, item: item.data });
    else {
      results.push({
        index,
        type: field(raw, 'type'),
        idempotency_key: field(raw, 'idempotency_key'),
        status: 'error',
        error: { code: 'invalid_item', message: describeIssue(item.error) },
      });
    }
  });

  // always called, even with no valid item: it is what checks the key and its scope
  const { data, error } = await anonClient().rpc('ingest_batch', { p_api_key: key, p_items: asJson(valid.map((v) => v.item)) });
  if (error) return ctx.rpcError(error, { answers: rpcAnswers });
  for (const stored of rpcJson<{ results: ItemResult[] }>(data).results) {
    results.push({ ...stored, index: valid[stored.index]?.index ?? stored.index });
  }
  results.sort((a, b) => a.index - b.index);

  const count = (status: ItemResult['status']) => results.filter((r) => r.status === status).length;
  const summary = { created: count('created'), updated: count('updated'), duplicate: count('duplicate'), failed: count('error') };
  return json({ ...summary, results }, { status: summary.failed > 0 ? 207 : 200 });
}

async function lookup(ctx: Context, key: string): Promise<Response> {
  const keys = lookupKeys.safeParse(ctx.url.searchParams.getAll('idempotency_key'));
  if (!keys.success) {
    return jsonError(400, 'invalid_request', `idempotency_key: ${describeIssue(keys.error)} (give 1 to 100)`);
  }
  const { data, error } = await anonClient().rpc('ingest_lookup', { p_api_key: key, p_idempotency_keys: keys.data });
  if (error) return ctx.rpcError(error, { answers: rpcAnswers });
  return json(data);
}

serve({ name: 'ingest', methods: ['POST', 'GET'], maxBytes: MAX_BODY_BYTES }, async (ctx) => {
  const { request } = ctx;
  if (ctx.url.pathname.endsWith('/openapi.json')) {
    return request.method === 'GET' ? json(openapi) : jsonError(405, 'method_not_allowed', 'Use GET');
  }
  const limited = rateLimit(limits.ip, clientIp(request, ctx.info));
  if (limited) return limited;
  const key = apiKeyFrom(request);
  const scope = request.method === 'POST' ? 'ingest:write' : 'read';
  const verified = await anonClient().rpc('ingest_authenticate', { p_api_key: key, p_scope: scope });
  if (verified.error) return ctx.rpcError(verified.error, { answers: rpcAnswers });
  const keyLimited = rateLimit(limits.key, verified.data);
  if (keyLimited) return keyLimited;
  return await (request.method === 'POST' ? ingest(ctx, key) : lookup(ctx, key));
});
