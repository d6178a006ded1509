import { withClient } from '../generate';
import { memberOf, orgId, orgSlug, type BenchContext } from '../lib/context';
import type { HttpTarget } from '../lib/load';

/** An ingest API key of organization `org`, made by its owner as the dashboard would, revoked afterwards. */
export async function apiKeyFor(ctx: BenchContext, org: number): Promise<{ key: string; revoke: () => Promise<void> }> {
  const owner = memberOf(ctx.dataset, org, () => false);
  const claims = { sub: owner.user, role: 'authenticated', o: { id: orgId(org), rol: owner.role, slg: orgSlug(org) } };
  const created = await withClient(ctx.config.db.url, async (c) => {
    await c.query('begin');
    await c.query('set local role authenticated');
    await c.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
    const { rows } = await c.query<{ k: { id: string; key: string } }>(`select public.create_api_key('bench ingest', array['ingest:write']) as k`);
    await c.query('commit');
    return rows[0]!.k;
  });
  return {
    key: created.key,
    revoke: () =>
      withClient(ctx.config.db.url, (c) => c.query(`update public.api_keys set revoked_at = now() where id = $1`, [created.id])).then(
        () => undefined,
      ),
  };
}

/**
 * Items per batch request (a chat and its messages): the most the API takes. The ingest function
 * stores a run of messages set-based, so a 500-item batch costs ~0.1 s of database time, far from
 * anon's 3 s statement timeout even at ten concurrent clients (BENCH_BATCH_SIZE overrides it).
 */
export const DEFAULT_BATCH_SIZE = 500;

export interface IngestStats {
  created: number;
  failedRequests: number;
  failedItems: number;
  /** responses by HTTP status */
  statuses: Record<number, number>;
}

/**
 * An autocannon target posting one new chat and `size - 1` messages in it per request, as an
 * export of whole conversations would: concurrent batches never write the same conversation.
 */
export function ingestTarget(apiUrl: string, key: string, size: number): { target: HttpTarget; stats: IngestStats } {
  const run = `bench-${Date.now().toString(36)}`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  const stats: IngestStats = { created: 0, failedRequests: 0, failedItems: 0, statuses: {} };
  let batch = 0;
  const target: HttpTarget = {
    url: `${apiUrl}/functions/v1/ingest`,
    requests: [
      {
        method: 'POST',
        path: '/functions/v1/ingest',
        setupRequest: (req) => {
          batch += 1;
          const chat = `${run}-chat-${batch}`;
          const messages = Array.from({ length: size - 1 }, (_, i) => ({
            type: 'message',
            idempotency_key: `${chat}-m-${i}`,
            chat_external_id: chat,
            sender_type: i % 2 === 0 ? 'visitor' : 'agent',
            body: 'Hello! Where is my order? It has not arrived yet.',
          }));
          return { ...req, headers, body: JSON.stringify({ items: [{ type: 'chat', idempotency_key: chat, external_id: chat }, ...messages] }) };
        },
        onResponse: (status, body) => {
          stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
          if (status !== 200 && status !== 207) {
            stats.failedRequests += 1;
            return;
          }
          const { results } = JSON.parse(body) as { results: { type: string; status: string }[] };
          stats.created += results.filter((r) => r.type === 'message' && r.status === 'created').length;
          stats.failedItems += results.filter((r) => r.status === 'error').length;
        },
      },
    ],
  };
  return { target, stats };
}
