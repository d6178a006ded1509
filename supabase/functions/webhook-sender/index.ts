import { z } from 'zod';
import { bearer, isCronSecret } from '../_shared/cron.ts';
import { serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';
import { addressesAllowed, checkTargetUrl, classifyAddress } from '../_shared/public-address.ts';
import { orNull, serviceClient } from '../_shared/supabase.ts';

// Delivers the webhook outbox (public.webhook_deliveries), written by triggers with each desk
// event. Called by the scheduler with the cron secret, as channel-sender is. Each row is claimed
// under a lease, signed in the Standard Webhooks format (webhook-id = the delivery id, so a retry
// or a redelivery carries the same id; webhook-timestamp; webhook-signature
// `v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the endpoint's whsec_ secret), POSTed,
// and marked: a 2xx answer succeeds, anything else is retried with backoff until the maximum.
//
// SSRF: the target is checked on every attempt, after resolving its host: https only, and every
// address public (no loopback, private, link-local/metadata, CGNAT, multicast, reserved).
// Redirects are not followed. WEBHOOK_ALLOW_LOOPBACK=1 (the test stack only) also allows
// http://127.0.0.1 for a local receiver. Service role, for the webhook_outbox_* RPCs only.

const bodySchema = z.strictObject({ limit: z.number().int().min(1).max(100).optional() });

const TIME_BUDGET_MS = 40_000;
const REQUEST_TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 2048;

interface Row {
  delivery_id: string;
  url: string;
  secret: string;
  payload: unknown;
}

type Outcome = { ok: boolean; status: number | null; excerpt: string | null; error: string | null; retry: boolean };

const allowLoopback = () => Deno.env.get('WEBHOOK_ALLOW_LOOPBACK') === '1';

function base64(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

/** The Standard Webhooks signature of one message. */
async function sign(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const raw = Uint8Array.from(atob(secret.replace(/^whsec_/, '')), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  return `v1,${base64(new Uint8Array(mac))}`;
}

/** Every address the host resolves to (a literal address is itself). */
async function resolve(host: string): Promise<string[]> {
  const literal = host.replace(/^\[|\]$/g, '');
  if (classifyAddress(literal) !== 'invalid') return [literal];
  const lookups = await Promise.all(
    (['A', 'AAAA'] as const).map((type) =>
      Deno.resolveDns(host, type).catch((error) => {
        if (error instanceof Deno.errors.NotFound) return [] as string[];
        throw error;
      }),
    ),
  );
  return lookups.flat();
}

/** The start of the receiver's answer, read no further than EXCERPT_BYTES. */
async function excerpt(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => {});
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all.slice(0, EXCERPT_BYTES)).slice(0, 500);
}

async function deliver(row: Row): Promise<Outcome> {
  const target = checkTargetUrl(row.url, allowLoopback());
  if (!target.ok) return { ok: false, status: null, excerpt: null, error: `Refused URL: ${target.reason}`, retry: false };
  let addresses: string[];
  try {
    addresses = await resolve(target.url.hostname);
  } catch (error) {
    return { ok: false, status: null, excerpt: null, error: `DNS lookup failed: ${String(error).slice(0, 200)}`, retry: true };
  }
  if (!addressesAllowed(addresses, { allowLoopback: allowLoopback(), http: target.url.protocol === 'http:' })) {
    return {
      ok: false,
      status: null,
      excerpt: null,
      error: addresses.length === 0 ? 'Refused URL: the host does not resolve' : 'Refused URL: it resolves to a private or reserved address',
      retry: addresses.length === 0,
    };
  }
  const body = JSON.stringify(row.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Concierge-Webhooks/1',
        'webhook-id': row.delivery_id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': await sign(row.secret, row.delivery_id, timestamp, body),
      },
      body,
    });
    const text = await excerpt(res).catch(() => '');
    const ok = res.status >= 200 && res.status < 300;
    return {
      ok,
      status: res.status,
      excerpt: text,
      error: ok ? null : res.status >= 300 && res.status < 400 ? `Redirects are not followed (${res.status})` : `The receiver answered ${res.status}`,
      retry: !ok,
    };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, status: null, excerpt: null, error: message.slice(0, 300), retry: true };
  }
}

serve({ name: 'webhook-sender', methods: ['POST'], maxBytes: 1024 }, async (ctx) => {
  const token = bearer(ctx.request);
  if (!token || !(await isCronSecret(token))) {
    return jsonError(401, 'unauthorized', 'Invalid or missing credentials', { 'WWW-Authenticate': 'Bearer' });
  }
  const opts = await ctx.json(bodySchema, { empty: {} });
  const client = serviceClient();
  const deadline = Date.now() + TIME_BUDGET_MS;
  const tally = { succeeded: 0, retried: 0, failed: 0 };
  while (Date.now() < deadline) {
    const { data, error } = await client.rpc('webhook_outbox_claim', { p_limit: opts.limit ?? 20 });
    if (error) return ctx.rpcError(error);
    const rows = (data ?? []) as Row[];
    if (rows.length === 0) break;
    const outcomes = await Promise.all(rows.map(async (row) => ({ row, outcome: await deliver(row) })));
    for (const { row, outcome } of outcomes) {
      const { data: status, error: markError } = await client.rpc('webhook_outbox_mark', {
        p_delivery: row.delivery_id,
        p_ok: outcome.ok,
        p_response_status: orNull(outcome.status),
        p_response_excerpt: orNull(outcome.excerpt),
        p_error: orNull(outcome.error),
        p_retry: outcome.retry,
      });
      if (markError) return ctx.rpcError(markError);
      if (status === 'succeeded') tally.succeeded += 1;
      else if (status === 'pending') tally.retried += 1;
      else tally.failed += 1;
    }
  }
  return json(tally);
});
