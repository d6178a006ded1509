import { setTimeout as sleep } from 'node:timers/promises';
import { signLocalSessionToken } from '../../../lib/auth/local-token';
import { createIngestKey, ORG, SITE, summarize, visitorIp, type Ctx } from '../context';
import { memoryOfStack } from '../control';
import { CALL_TIMEOUT_MS, CHAT_TIMEOUT_MS, openVisitor, type Visitor } from '../widget-client';

/** The mix, as shares of all operations. */
export const MIX = { session: 0.2, chat: 0.4, agentReply: 0.15, dashboard: 0.15, ingest: 0.1 } as const;
type Op = keyof typeof MIX;

/** The inbox page's own queries (lib/data/conversations.ts): the list of its default view and the counts. */
const INBOX_LIST =
  'select=id,state,status,channel,is_escalated,escalated_reason,is_resolved,summary,waiting_since,state_changed_at,last_visitor_message_at,' +
  'last_message_at,created_at,assignee_id,unread_count,external_customer_id,website:websites(id,name,domain),visitor:visitors(id,name,email),' +
  'tickets(ref,status),integration:integrations(platform,display_name)&last_visitor_message_at=not.is.null&state=in.(waiting_for_agent,needs_reply)' +
  '&order=waiting_since.asc.nullslast,id.asc&offset=0&limit=25';

interface Sample {
  op: Op;
  ms: number;
  ok: boolean;
}

export interface StepResult {
  rate: number;
  seconds: number;
  operations: number;
  errors: number;
  errorRate: number;
  /** requests not sent because 200 were already in flight (the client's own cap) */
  shed: number;
  perOp: Record<string, ReturnType<typeof summarize> & { errors: number }>;
  p95All: number;
  memoryAfter: Record<string, number | null>;
}

export interface LoadResult {
  mix: typeof MIX;
  steps: StepResult[];
  memoryBefore: Record<string, number | null>;
  memoryAfterIdle: Record<string, number | null>;
  /** the first rate whose chat-turn p95 is at least twice the lowest rate's, or null within the rates tried */
  knee: number | null;
  holds: boolean;
}

function pick(random: number): Op {
  let acc = 0;
  for (const [op, share] of Object.entries(MIX) as [Op, number][]) {
    acc += share;
    if (random < acc) return op;
  }
  return 'chat';
}

/**
 * Scenario 4: an open-loop mix (arrivals at a fixed rate whatever the answers take) in steps of
 * rising rate, each for `loadSeconds`: error rate and p50/p95 per operation, the resident memory of
 * every process before, after each step and after a minute idle (the functions' per-IP limiter map
 * holds one entry per visitor address and window: every session here comes from a new address).
 */
export async function sustainedLoad(ctx: Ctx): Promise<LoadResult> {
  const api = ctx.config.apiUrl;
  const functions = `${api}/functions/v1`;
  const ingestKey = await createIngestKey(ctx);
  const agentToken = await signLocalSessionToken({
    privateJwk: ctx.keys.sessionPrivateJwk,
    issuer: ctx.config.issuer,
    userId: ORG.agent,
    org: { id: ORG.id, slug: ORG.slug, role: 'member' },
    ttlSeconds: 3600,
  });
  const rest = { apikey: ctx.keys.anonKey, authorization: `Bearer ${agentToken}` };
  let ipNo = 0;
  let chatNo = 0;
  // conversations answered by agents, apart from the ones the assistant answers
  const agentConversations: Visitor[] = [];
  for (let i = 0; i < 5; i++) agentConversations.push(await openVisitor(functions, SITE, visitorIp(4, ipNo++), Date.now() + 30_000));
  // visitors whose last message was more than 7 s ago (the per-conversation limit is 10 a minute)
  const idle: { v: Visitor; at: number }[] = [];

  const timed = async (op: Op, run: () => Promise<boolean>): Promise<Sample> => {
    const t = performance.now();
    let ok = false;
    try {
      ok = await run();
    } catch {
      ok = false;
    }
    return { op, ms: performance.now() - t, ok };
  };
  const call = async (url: string, init: RequestInit, timeoutMs = CALL_TIMEOUT_MS) => {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return { ok: res.ok, text };
  };

  const ops: Record<Op, () => Promise<boolean>> = {
    session: async () => {
      const v = await openVisitor(functions, SITE, visitorIp(4, ipNo++), Date.now());
      idle.push({ v, at: 0 });
      return true;
    },
    chat: async () => {
      const i = idle.findIndex((x) => Date.now() - x.at > 7000);
      const slot = i >= 0 ? idle.splice(i, 1)[0]! : { v: await openVisitor(functions, SITE, visitorIp(4, ipNo++), Date.now()), at: 0 };
      const r = await call(
        `${functions}/chat`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': slot.v.ip },
          body: JSON.stringify({ session_token: slot.v.token, client_msg_id: `load-${ctx.run}-${chatNo++}`, body: 'Where is my order?' }),
        },
        CHAT_TIMEOUT_MS,
      );
      idle.push({ v: slot.v, at: Date.now() });
      return r.ok && /event: (done|team)/.test(r.text);
    },
    agentReply: async () => {
      const v = agentConversations[chatNo++ % agentConversations.length]!;
      const r = await call(`${api}/rest/v1/messages`, {
        method: 'POST',
        headers: { ...rest, 'content-type': 'application/json', prefer: 'return=minimal' },
        body: JSON.stringify({
          organization_id: ORG.id,
          conversation_id: v.conversationId,
          sender_type: 'agent',
          body: 'Thanks, looking into it.',
          client_msg_id: `load-${ctx.run}-a${chatNo}`,
        }),
      });
      return r.ok;
    },
    dashboard: async () => {
      const [list, counts] = await Promise.all([
        call(`${api}/rest/v1/conversations?${INBOX_LIST}`, { headers: { ...rest, prefer: 'count=exact' } }),
        call(`${api}/rest/v1/rpc/inbox_counts`, { method: 'POST', headers: { ...rest, 'content-type': 'application/json' }, body: '{}' }),
      ]);
      return list.ok && counts.ok;
    },
    ingest: async () => {
      const chat = `load-${ctx.run}-i${chatNo++}`;
      const items = [
        { type: 'chat', idempotency_key: chat, external_id: chat },
        ...Array.from({ length: 19 }, (_, m) => ({
          type: 'message',
          idempotency_key: `${chat}-${m}`,
          chat_external_id: chat,
          sender_type: 'visitor',
          body: `Message ${m}`,
        })),
      ];
      const r = await call(`${functions}/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
        body: JSON.stringify({ items }),
      });
      return r.ok;
    },
  };

  const memoryBefore = memoryOfStack(ctx.config);
  const steps: StepResult[] = [];
  for (const rate of ctx.scale.loadRates) {
    const samples: Sample[] = [];
    const inFlight = new Set<Promise<void>>();
    let shed = 0;
    const started = performance.now();
    const end = started + ctx.scale.loadSeconds * 1000;
    let next = started;
    while (next < end) {
      // exponential gaps: a Poisson arrival process at `rate` per second
      next += -Math.log(1 - Math.random()) * (1000 / rate);
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
      if (inFlight.size >= 200) {
        shed += 1;
        continue;
      }
      const op = pick(Math.random());
      const p: Promise<void> = timed(op, ops[op]).then((s) => {
        samples.push(s);
        inFlight.delete(p);
      });
      inFlight.add(p);
    }
    await Promise.all(inFlight);
    const perOp: StepResult['perOp'] = {};
    for (const op of Object.keys(MIX) as Op[]) {
      const mine = samples.filter((s) => s.op === op);
      perOp[op] = { ...summarize(mine.map((s) => s.ms)), errors: mine.filter((s) => !s.ok).length };
    }
    const errors = samples.filter((s) => !s.ok).length;
    const step: StepResult = {
      rate,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      operations: samples.length,
      errors,
      errorRate: samples.length ? errors / samples.length : 0,
      shed,
      perOp,
      p95All: summarize(samples.map((s) => s.ms)).p95,
      memoryAfter: memoryOfStack(ctx.config),
    };
    steps.push(step);
    ctx.log(
      `  ${rate} ops/s: ${step.operations} ops, ${errors} errors, shed ${shed}; ` +
        Object.entries(perOp)
          .map(([op, s]) => `${op} p50 ${s.p50} / p95 ${s.p95} ms (${s.n}, ${s.errors} err)`)
          .join('; '),
    );
    ctx.log(`    memory MiB ${JSON.stringify(step.memoryAfter)}`);
  }
  // the limiter sweeps expired windows on the first request a minute after its last sweep
  await sleep(65_000);
  await timed('dashboard', ops.dashboard);
  await timed('chat', ops.chat);
  const memoryAfterIdle = memoryOfStack(ctx.config);
  ctx.log(`  memory MiB before ${JSON.stringify(memoryBefore)}, after a minute idle ${JSON.stringify(memoryAfterIdle)}`);
  const base = steps[0]?.perOp.chat?.p95 ?? NaN;
  const knee = steps.find((s) => s.perOp.chat!.p95 >= 2 * base)?.rate ?? null;
  ctx.log(`  knee (chat p95 ≥ 2 × the ${steps[0]?.rate} ops/s p95 of ${base} ms): ${knee === null ? 'not reached' : `${knee} ops/s`}`);
  return {
    mix: MIX,
    steps,
    memoryBefore,
    memoryAfterIdle,
    knee,
    // errors below the knee are failures; above it, overload is what the step measures
    holds: steps.filter((s) => knee === null || s.rate < knee).every((s) => s.errors === 0),
  };
}
