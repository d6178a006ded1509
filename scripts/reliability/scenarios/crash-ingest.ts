import { setTimeout as sleep } from 'node:timers/promises';
import { withClient } from '../../stack/database';
import { checkTicketNumbers } from '../checks';
import { createIngestKey, ORG, SITE, summarize, visitorIp, type Ctx } from '../context';
import type { KillRecord } from '../control';
import { crashInTurn } from '../faults';
import { CALL_TIMEOUT_MS, openVisitor } from '../widget-client';

interface Batch {
  chat: string;
  messageKeys: string[];
  acknowledged: boolean;
  attempts: number;
  ms: number | null;
  lastFailure: string | null;
}

interface Escalation {
  conversationId: string;
  ticketRef: string | null;
  attempts: number;
  lastFailure: string | null;
}

export interface CrashIngestResult {
  kills: KillRecord[];
  batches: { sent: number; acknowledged: number; gaveUp: number; failedAttempts: number; ms: ReturnType<typeof summarize> };
  items: { acknowledged: number; lost: number; duplicated: number; halfWrittenBatches: number; failedItems: number };
  escalations: { sent: number; acknowledged: number; gaveUp: number; withoutTicket: number; extraTickets: number; refMismatch: number };
  tickets: Awaited<ReturnType<typeof checkTicketNumbers>>;
  holds: boolean;
}

async function retried(url: string, init: () => RequestInit, deadline: number, onAttempt: () => void) {
  let backoff = 300;
  for (;;) {
    onAttempt();
    let failure: string;
    try {
      const res = await fetch(url, { ...init(), signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
      const text = await res.text();
      if (res.ok || res.status === 207) return { ok: true as const, status: res.status, body: JSON.parse(text) as Record<string, unknown> };
      failure = `http ${res.status} ${text.slice(0, 160)}`;
      if (res.status < 500 && res.status !== 429) return { ok: false as const, failure };
    } catch (error) {
      failure = `network: ${(error as Error).name}`;
    }
    if (Date.now() > deadline) return { ok: false as const, failure };
    await sleep(backoff + Math.random() * backoff);
    backoff = Math.min(backoff * 2, 3000);
  }
}

/**
 * Scenario 2: API-key ingest batches (a new chat and its messages each, resent whole until
 * answered, as the API's idempotency keys allow) and widget escalations from many visitors at
 * once, while PostgREST, the functions runtime and Postgres are killed in turn.
 */
export async function crashIngest(ctx: Ctx): Promise<CrashIngestResult> {
  const api = ctx.config.apiUrl;
  const functions = `${api}/functions/v1`;
  const key = await createIngestKey(ctx);
  const started = performance.now();
  const deadline = () => Date.now() + 120_000;
  let faultsOver = false;
  const batches: Batch[] = [];
  const escalations: Escalation[] = [];
  const failedAttempts = { n: 0 };

  const ingester = async (client: number) => {
    for (let i = 0; !faultsOver || i < 3; i++) {
      const chat = `rel-${ctx.run}-c${client}-${i}`;
      const messageKeys = Array.from({ length: ctx.scale.batchSize - 1 }, (_, m) => `${chat}-m${m}`);
      const body = JSON.stringify({
        items: [
          { type: 'chat', idempotency_key: chat, external_id: chat },
          ...messageKeys.map((k, m) => ({
            type: 'message',
            idempotency_key: k,
            chat_external_id: chat,
            sender_type: m % 2 ? 'agent' : 'visitor',
            body: `Message ${m} of ${chat}`,
          })),
        ],
      });
      const batch: Batch = { chat, messageKeys, acknowledged: false, attempts: 0, ms: null, lastFailure: null };
      batches.push(batch);
      const t = performance.now();
      const out = await retried(
        `${api}/functions/v1/ingest`,
        () => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body }),
        deadline(),
        () => (batch.attempts += 1),
      );
      failedAttempts.n += batch.attempts - 1;
      if (out.ok) {
        batch.acknowledged = true;
        batch.ms = performance.now() - t;
        if (Number(out.body.failed ?? 0) > 0) batch.lastFailure = `207: ${JSON.stringify(out.body).slice(0, 300)}`;
      } else batch.lastFailure = out.failure;
      await sleep(500 + Math.random() * 1000);
    }
  };

  const escalator = async (n: number) => {
    await sleep(Math.random() * 15_000);
    const v = await openVisitor(functions, SITE, visitorIp(2, n), deadline());
    const e: Escalation = { conversationId: v.conversationId, ticketRef: null, attempts: 0, lastFailure: null };
    escalations.push(e);
    const out = await retried(
      `${api}/functions/v1/escalate`,
      () => ({
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': v.ip },
        body: JSON.stringify({ session_token: v.token, email: `visitor${n}@example.com`, name: `Visitor ${n}` }),
      }),
      deadline(),
      () => (e.attempts += 1),
    );
    if (out.ok) e.ticketRef = String(out.body.ticket_ref);
    else e.lastFailure = out.failure;
  };

  const work = [
    ...Array.from({ length: ctx.scale.ingestClients }, (_, c) => ingester(c)),
    ...Array.from({ length: ctx.scale.escalations }, (_, n) => escalator(n)),
  ];
  let kills: KillRecord[] = [];
  try {
    kills = await crashInTurn(ctx, ctx.scale.killRounds, started);
  } finally {
    faultsOver = true;
  }
  const settled = await Promise.allSettled(work);
  for (const s of settled) if (s.status === 'rejected') ctx.log(`  a client stopped: ${(s.reason as Error).message}`);

  const stored = await withClient(ctx.config.db.url, async (c) => {
    const messages = await c.query<{ k: string; n: number }>(
      `select client_msg_id as k, count(*)::int as n from public.messages where organization_id = $1 and client_msg_id like $2 group by 1`,
      [ORG.id, `rel-${ctx.run}-c%`],
    );
    const chats = await c.query<{ k: string; n: number }>(
      `select external_customer_id as k, count(*)::int as n from public.conversations where organization_id = $1 and channel = 'api' and external_customer_id like $2 group by 1`,
      [ORG.id, `rel-${ctx.run}-c%`],
    );
    const tickets = await c.query<{ conversation_id: string; n: number; refs: string[] }>(
      `select conversation_id, count(*)::int as n, array_agg(ref) as refs from public.tickets where conversation_id = any($1::uuid[]) group by 1`,
      [escalations.map((e) => e.conversationId)],
    );
    return { messages: new Map(messages.rows.map((r) => [r.k, r.n])), chats: new Map(chats.rows.map((r) => [r.k, r.n])), tickets: tickets.rows };
  });
  const count = (keys: string[]) => keys.map((k) => stored.messages.get(k) ?? 0);
  const acked = batches.filter((b) => b.acknowledged);
  const items = {
    acknowledged: acked.reduce((n, b) => n + b.messageKeys.length + 1, 0),
    lost: acked.reduce((n, b) => n + count(b.messageKeys).filter((x) => x === 0).length + ((stored.chats.get(b.chat) ?? 0) === 0 ? 1 : 0), 0),
    duplicated: [...stored.messages.values(), ...stored.chats.values()].filter((n) => n > 1).length,
    // a batch is one transaction: all of it or none of it
    halfWrittenBatches: batches.filter((b) => {
      const got = count(b.messageKeys).filter((x) => x > 0).length;
      return got !== 0 && got !== b.messageKeys.length;
    }).length,
    failedItems: batches.filter((b) => b.lastFailure?.startsWith('207')).length,
  };
  const ticketsBy = new Map(stored.tickets.map((t) => [t.conversation_id, t]));
  const escalated = {
    sent: escalations.length,
    acknowledged: escalations.filter((e) => e.ticketRef).length,
    gaveUp: escalations.filter((e) => !e.ticketRef).length,
    withoutTicket: escalations.filter((e) => e.ticketRef && !ticketsBy.has(e.conversationId)).length,
    extraTickets: stored.tickets.filter((t) => t.n > 1).length,
    refMismatch: escalations.filter((e) => e.ticketRef && ticketsBy.get(e.conversationId)?.refs[0] !== e.ticketRef).length,
  };
  const tickets = await checkTicketNumbers(ctx.config.db.url, ORG.id);
  const result: CrashIngestResult = {
    kills,
    batches: {
      sent: batches.length,
      acknowledged: acked.length,
      gaveUp: batches.length - acked.length,
      failedAttempts: failedAttempts.n,
      ms: summarize(acked.map((b) => b.ms!)),
    },
    items,
    escalations: escalated,
    tickets,
    holds:
      settled.every((s) => s.status === 'fulfilled') &&
      acked.length === batches.length &&
      items.lost === 0 &&
      items.duplicated === 0 &&
      items.halfWrittenBatches === 0 &&
      items.failedItems === 0 &&
      escalated.gaveUp === 0 &&
      escalated.withoutTicket === 0 &&
      escalated.extraTickets === 0 &&
      escalated.refMismatch === 0 &&
      tickets.duplicateNumbers === 0 &&
      tickets.gaps === 0 &&
      tickets.seqMatches,
  };
  const failures = [...batches, ...escalations].map((b) => b.lastFailure).filter(Boolean);
  if (failures.length) ctx.log(`  failures: ${JSON.stringify(failures.slice(0, 5))}`);
  ctx.log(`  batches ${JSON.stringify(result.batches)}`);
  ctx.log(`  items ${JSON.stringify(items)}`);
  ctx.log(`  escalations ${JSON.stringify(escalated)}; tickets ${JSON.stringify(tickets)}`);
  return result;
}
