import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startFaultProxy, type FaultProxy, type Faults } from '../../../tests/helpers/fault-proxy';
import type { StackConfig } from '../../stack/config';
import { stopProcess, waitFor } from '../../stack/processes';
import { probes, startFunctions, startGateway, startPostgrest } from '../../stack/services';
import { checkChat, type ChatLedger } from '../checks';
import { SITE, summarize, visitorIp, type Ctx } from '../context';
import { extraPorts } from '../env';
import { CHAT_TIMEOUT_MS, openVisitor, sendUntilAnswered, type Turn, type Visitor } from '../widget-client';

/** Each phase's faults on the two links: functions → PostgREST (rest) and PostgREST → Postgres (db). */
const PHASES: { name: string; rest: Faults; db: Faults }[] = [
  { name: 'latency 50 ms + jitter 0-100 ms on both links', rest: { latencyMs: 50, jitterMs: 100 }, db: { latencyMs: 50, jitterMs: 100 } },
  {
    name: 'resets: 30% of connections reset mid-request on both links',
    rest: { resetRate: 0.3, resetAfterBytes: 200 },
    db: { resetRate: 0.3, resetAfterBytes: 2000 },
  },
  { name: 'black holes: 20% of functions → PostgREST connections never answer', rest: { dropRate: 0.2 }, db: {} },
  { name: 'black holes: 20% of new PostgREST → Postgres connections never answer', rest: {}, db: { dropRate: 0.2 } },
];

export interface PhaseResult {
  name: string;
  attempts: number;
  succeeded: number;
  clearErrors: Record<string, number>;
  /** attempts the client gave up on at its own timeout (the widget's 30 s): a hang */
  hangs: number;
  ms: ReturnType<typeof summarize>;
  proxies: { rest: FaultProxy['stats']; db: FaultProxy['stats'] };
}

export interface FlakyResult {
  phases: PhaseResult[];
  /** after the faults, every turn resent (same client_msg_id) until answered, then checked */
  ledger: ChatLedger;
  holds: boolean;
}

/**
 * A private path with a fault proxy on each link: client → gateway → functions → proxy → gateway
 * → PostgREST → proxy → Postgres (its own gateway, functions runtime and PostgREST, beside the
 * stack's, on the ports extraPorts names).
 */
async function privatePath(ctx: Ctx) {
  const ports = extraPorts(ctx.config);
  const host = ctx.config.host;
  const logs = path.join(ctx.config.dir, 'logs/reliability-flaky');
  mkdirSync(logs, { recursive: true });
  const db = await startFaultProxy({ target: { host, port: ctx.config.ports.db }, port: ports.proxyDb, host });
  const rest = await startFaultProxy({ target: { host, port: ports.gateway }, port: ports.proxyRest, host });
  const variant: StackConfig = {
    ...ctx.config,
    apiUrl: `http://${host}:${ports.gateway}`,
    ports: { ...ctx.config.ports, api: ports.gateway, db: ports.proxyDb, rest: ports.rest, restAdmin: ports.restAdmin, functions: ports.functions },
    paths: { ...ctx.config.paths, logs },
  };
  const pids = [
    startPostgrest(variant, ctx.keys),
    startFunctions({ ...variant, apiUrl: rest.url }, ctx.keys, { watch: false }),
    startGateway(variant, ctx.keys, true),
  ];
  await waitFor('private PostgREST', () => probes.postgrest(variant), 60_000);
  await waitFor('private functions', () => probes.functions(variant), 60_000);
  await waitFor('private gateway', () => probes.api(variant, ctx.keys), 30_000);
  return {
    api: variant.apiUrl,
    proxies: { rest, db },
    stop: async () => {
      for (const pid of pids.reverse()) await stopProcess(pid);
      await rest.close();
      await db.close();
    },
  };
}

/**
 * Scenario 3: chat turns through a path whose links add latency, reset connections or swallow
 * them. Each attempt must end in an answer or a clear error (an HTTP error in the documented
 * shape, or an SSE `error` event) before the widget's own 30 s timeout; afterwards every turn is
 * resent until answered and no conversation may hold half a turn.
 */
export async function flakyNetwork(ctx: Ctx): Promise<FlakyResult> {
  const p = await privatePath(ctx);
  const all: Turn[] = [];
  const phases: PhaseResult[] = [];
  try {
    const perPhase = Math.max(4, Math.round(ctx.scale.flakyTurns / PHASES.length));
    let n = 0;
    for (const phase of PHASES) {
      p.proxies.rest.faults = {};
      p.proxies.db.faults = {};
      const visitors: Visitor[] = [];
      for (let i = 0; i < 4; i++) visitors.push(await openVisitor(`${p.api}/functions/v1`, SITE, visitorIp(3, n++), Date.now() + 60_000));
      const before = { rest: { ...p.proxies.rest.stats }, db: { ...p.proxies.db.stats } };
      p.proxies.rest.faults = phase.rest;
      p.proxies.db.faults = phase.db;
      // kept-alive connections were opened before the faults: new ones meet them
      p.proxies.rest.resetAll();
      p.proxies.db.resetAll();
      const turns: Turn[] = [];
      // four visitors at a time, one attempt per turn (deadline now): what one send sees
      await Promise.all(
        visitors.map(async (v, vi) => {
          for (let i = vi; i < perPhase; i += visitors.length) {
            turns.push(await sendUntilAnswered(`${p.api}/functions/v1`, v, `rel-${ctx.run}-f${phases.length}-${i}`, `Where is my order? (${i})`, 0));
          }
        }),
      );
      const clearErrors: Record<string, number> = {};
      let hangs = 0;
      for (const t of turns) {
        if (t.done) continue;
        const why = (t.lastFailure ?? 'unknown').replace(/ \{.*$/, '');
        if (why.startsWith('network: TimeoutError')) hangs += 1;
        else clearErrors[why] = (clearErrors[why] ?? 0) + 1;
      }
      const stats = (now: FaultProxy['stats'], was: FaultProxy['stats']) => ({
        connections: now.connections - was.connections,
        dropped: now.dropped - was.dropped,
        reset: now.reset - was.reset,
        bytes: now.bytes - was.bytes,
      });
      const result: PhaseResult = {
        name: phase.name,
        attempts: turns.length,
        succeeded: turns.filter((t) => t.done).length,
        clearErrors,
        hangs,
        ms: summarize(turns.map((t) => t.ms ?? t.failedAttemptMs[0] ?? 0)),
        proxies: { rest: stats(p.proxies.rest.stats, before.rest), db: stats(p.proxies.db.stats, before.db) },
      };
      phases.push(result);
      ctx.log(`  ${phase.name}: ${JSON.stringify({ ...result, name: undefined })}`);
      all.push(...turns.map((t) => ({ ...t, visitor: visitors[turns.indexOf(t) % visitors.length] })));
    }
    // the network heals: every unanswered turn is resent as the widget does, then checked
    p.proxies.rest.faults = {};
    p.proxies.db.faults = {};
    p.proxies.rest.resetAll();
    p.proxies.db.resetAll();
    const healed: Turn[] = [];
    const byConversation = new Map<string, Turn[]>();
    for (const t of all) byConversation.set(t.conversationId, [...(byConversation.get(t.conversationId) ?? []), t]);
    await Promise.all(
      [...byConversation.values()].map(async (turns) => {
        const v = (turns[0] as Turn & { visitor: Visitor }).visitor;
        for (const t of turns) {
          healed.push(t.done ? t : await sendUntilAnswered(`${p.api}/functions/v1`, v, t.clientMsgId, 'resent', Date.now() + 60_000));
        }
      }),
    );
    const ledger = await checkChat(ctx.config.db.url, healed);
    ctx.log(`  after healing: ${JSON.stringify(ledger)}`);
    const hangs = phases.reduce((s, x) => s + x.hangs, 0);
    const tooSlow = phases.some((x) => x.ms.max >= CHAT_TIMEOUT_MS);
    return {
      phases,
      ledger,
      holds:
        hangs === 0 &&
        !tooSlow &&
        ledger.gaveUp === 0 &&
        ledger.lostAcknowledged === 0 &&
        ledger.duplicateVisitor === 0 &&
        ledger.orphanReplies === 0 &&
        ledger.duplicateReplies === 0 &&
        ledger.unansweredStored === 0 &&
        ledger.answeredMissing === 0,
    };
  } finally {
    await p.stop();
  }
}
