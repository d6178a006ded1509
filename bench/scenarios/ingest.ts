import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../scripts/stack/config';
import { withClient } from '../generate';
import { websiteKey, websiteOrigin, type BenchContext } from '../lib/context';
import { runLoad, type HttpTarget, type RunOutcome } from '../lib/load';
import { connectClients, rawInserts } from '../lib/raw';
import { notMeasured, type ScenarioResult } from '../lib/result';
import { withFunctionsRuntime } from '../lib/runtime';
import { median } from '../lib/stats';
import { openSessions, type WidgetSession } from '../lib/widget';
import { apiKeyFor, DEFAULT_BATCH_SIZE, ingestTarget } from './ingest-api';

/**
 * Ingestion, against raw single-row INSERTs into public.messages over one connection per client
 * at the same concurrency: visitor messages through the gateway and the `chat` function (the local
 * provider answers and its reply is stored too), and message batches through the API-key ingest
 * function (issue 6).
 */
const QUESTION = 'Hello! Where is my order? It has not arrived yet.';

/** Only answered requests count. */
export const succeeded = (r: RunOutcome) => Object.entries(r.statuses).reduce((n, [code, k]) => (Number(code) < 300 ? n + k : n), 0);

/** A against raw INSERTs in alternating rounds; `measureA` returns rows/s of one round. */
async function againstRawInserts(ctx: BenchContext, rawSessions: WidgetSession[], measureA: (seconds: number) => Promise<number>) {
  const { connections, rounds, perRound, warmup } = ctx.efforts.throughput;
  const clients = await connectClients(ctx.config.db.url, connections);
  const tag = Date.now().toString(36);
  try {
    if (warmup > 0) {
      await measureA(warmup);
      await rawInserts(clients, rawSessions, warmup, `${tag}w`, QUESTION);
    }
    const a: number[] = [];
    const b: number[] = [];
    const ratios: number[] = [];
    const raw = (round: number) => rawInserts(clients, rawSessions, perRound, `${tag}r${round}`, QUESTION);
    for (let round = 0; round < rounds; round++) {
      let ra: number;
      let rb: number;
      if (round % 2 === 0) {
        ra = await measureA(perRound);
        rb = await raw(round);
      } else {
        rb = await raw(round);
        ra = await measureA(perRound);
      }
      a.push(ra);
      b.push(rb);
      ratios.push(ra / rb);
    }
    return { a: median(a), b: median(b), ratio: median(ratios), ratios };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

const sitesOf = (ctx: BenchContext) => ctx.dataset.plan.orgs.slice(0, 20).map((o) => ({ key: websiteKey(o.no), origin: websiteOrigin(o.no) }));

const WIDGET_TITLE = 'Widget ingestion: chat function msg/s vs raw single-row INSERTs';
const WIDGET_TARGET = { op: '>=' as const, value: 0.25 };

export async function widgetIngestion(ctx: BenchContext): Promise<ScenarioResult> {
  if (!existsSync(path.join(projectRoot, 'supabase/functions/chat/index.ts'))) {
    return notMeasured('widget-ingestion', WIDGET_TITLE, 'not measured: supabase/functions/chat does not exist yet', WIDGET_TARGET);
  }
  const { connections } = ctx.efforts.throughput;
  const sites = sitesOf(ctx);
  // the chat function allows 10 messages a minute per conversation: enough sessions to stay under it
  const [sessions, rawSessions] = await withClient(ctx.config.db.url, async (c) => [
    await openSessions(c, sites, Math.max(connections, (ctx.efforts.quick ? 20 : 250) * 7)),
    // the raw INSERTs get conversations of their own, so they do not count against the chat's limit
    await openSessions(c, sites, connections * 5),
  ]);
  // the local provider without its typing delay (the reply is stored, nothing waits on a timer), and
  // the per-IP limit lifted: every simulated visitor comes from this one machine
  const env = { AI_LOCAL_CHUNK_DELAY_MS: '0', WIDGET_LIMIT_IP: '100000000/60' };
  return withFunctionsRuntime(ctx, env, async (apiUrl) => {
    let counter = 0;
    let errorEvents = 0;
    const statuses: Record<number, number> = {};
    const run = Date.now().toString(36);
    const chat: HttpTarget = {
      url: `${apiUrl}/functions/v1/chat`,
      requests: [
        {
          method: 'POST',
          path: '/functions/v1/chat',
          setupRequest: (req) => {
            counter += 1;
            const s = sessions![counter % sessions!.length]!;
            return {
              ...req,
              headers: { 'content-type': 'application/json', apikey: ctx.keys.anonKey },
              body: JSON.stringify({ session_token: s.token, client_msg_id: `bench-${run}-${counter}`, body: QUESTION }),
            };
          },
          onResponse: (status, body) => {
            if (status === 200 && body.includes('event: error')) errorEvents += 1;
          },
        },
      ],
    };
    const m = await againstRawInserts(ctx, rawSessions!, async (seconds) => {
      const r = await runLoad(chat, { duration: seconds, connections });
      for (const [code, n] of Object.entries(r.statuses)) statuses[Number(code)] = (statuses[Number(code)] ?? 0) + n;
      return succeeded(r) / r.seconds;
    });
    const failed = Object.entries(statuses).reduce((n, [code, k]) => (Number(code) >= 300 ? n + k : n), 0);
    return {
      id: 'widget-ingestion',
      title: WIDGET_TITLE,
      status: 'measured',
      a: { label: `gateway → chat → Postgres, ${connections} clients`, rate: m.a, unit: 'msg/s' },
      b: { label: `raw INSERT, ${connections} connections`, rate: m.b, unit: 'msg/s' },
      ratio: m.ratio,
      ratioOf: 'chat msg/s / raw INSERT msg/s',
      target: WIDGET_TARGET,
      conditionsMet: failed === 0 && errorEvents === 0,
      notes: [
        'each chat request stores the visitor message and the local provider’s reply (widget_chat_turn, then store_ai_reply: 2 PostgREST RPCs); counted: visitor messages',
        `per-round ratios ${m.ratios.map((x) => x.toFixed(3)).join(' ')}; responses ${JSON.stringify(statuses)}, error events ${errorEvents}; ` +
          `${sessions!.length} sessions in ${sites.length} orgs; per-IP limit lifted (one machine plays every visitor)`,
      ],
      remedy:
        'per message the chat path makes two PostgREST round trips through the gateway plus the SSE stream, on the same two cores as ' +
        'Postgres; calling PostgREST directly (not back through the gateway) and storing the reply without a second round trip cut that',
    };
  });
}

const BATCH_TITLE = 'Batched ingest (API key) rows/s vs single-row INSERTs';
const BATCH_TARGET = { op: '>=' as const, value: 3 };
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? DEFAULT_BATCH_SIZE);

export async function batchIngest(ctx: BenchContext): Promise<ScenarioResult> {
  if (!existsSync(path.join(projectRoot, 'supabase/functions/ingest/index.ts'))) {
    return notMeasured('batch-ingest', BATCH_TITLE, 'not measured: supabase/functions/ingest (issue 6) does not exist yet', BATCH_TARGET);
  }
  const { connections } = ctx.efforts.throughput;
  const rawSessions = await withClient(ctx.config.db.url, (c) => openSessions(c, sitesOf(ctx), connections * 5));
  const { key, revoke } = await apiKeyFor(ctx, 1);
  // the per-key and per-IP request limits lifted: they bound a client, not what the path can carry
  const env = { WIDGET_LIMIT_INGEST_IP: '100000000/60', WIDGET_LIMIT_INGEST_KEY: '100000000/60' };
  try {
    return await withFunctionsRuntime(ctx, env, async (apiUrl) => {
      const ingest = ingestTarget(apiUrl, key, BATCH_SIZE);
      // a fixed number of batches per round (a batch can outlast a short round), timed by the wall clock
      const batches = connections * (ctx.efforts.quick ? 1 : 2);
      const m = await againstRawInserts(ctx, rawSessions, async () => {
        const before = ingest.stats.created;
        const r = await runLoad(ingest.target, { amount: batches, connections });
        return (ingest.stats.created - before) / r.seconds;
      });
      return {
        id: 'batch-ingest',
        title: BATCH_TITLE,
        status: 'measured',
        a: { label: `POST /functions/v1/ingest, a chat + ${BATCH_SIZE - 1} messages a request, ${connections} clients`, rate: m.a, unit: 'rows/s' },
        b: { label: `raw INSERT, ${connections} connections`, rate: m.b, unit: 'rows/s' },
        ratio: m.ratio,
        ratioOf: 'batch rows/s / raw INSERT rows/s',
        target: BATCH_TARGET,
        conditionsMet: ingest.stats.failedRequests === 0 && ingest.stats.failedItems === 0,
        notes: [
          `counted: messages the API reports created (${connections * (ctx.efforts.quick ? 1 : 2)} batches a round); per-round ratios ${m.ratios.map((x) => x.toFixed(2)).join(' ')}; ` +
            `responses ${JSON.stringify(ingest.stats.statuses)}, failed items ${ingest.stats.failedItems}; per-key and per-IP limits lifted`,
        ],
        remedy:
          'ingest_batch stores runs of message and event items with one INSERT … SELECT each (receipts by INSERT … ON CONFLICT), but ' +
          'chat, visitor and article items still go one by one in a subtransaction, and each batch pays a fixed planning cost; a ' +
          'set-based path for those item types, and larger batches, would lower the cost per row further',
      };
    });
  } finally {
    await revoke();
  }
}
