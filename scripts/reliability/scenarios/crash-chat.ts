import { setTimeout as sleep } from 'node:timers/promises';
import { checkChat, type ChatLedger } from '../checks';
import { SITE, summarize, visitorIp, type Ctx } from '../context';
import type { KillRecord } from '../control';
import { crashInTurn } from '../faults';
import { openVisitor, sendUntilAnswered, type Turn } from '../widget-client';

const QUESTIONS = [
  'Where is my order?',
  'How do I reset my password?',
  'Do you ship to Canada?',
  'Can I change my plan?',
  'What are your opening hours?',
];

export interface CrashChatResult {
  kills: KillRecord[];
  ledger: ChatLedger;
  turnMs: ReturnType<typeof summarize>;
  attempts: Record<number, number>;
  /** the longest single failed attempt: what a visitor waited before seeing an error */
  longestFailedAttemptMs: number;
  holds: boolean;
}

/**
 * Scenario 1: concurrent visitors chat (think time 4-8 s, the widget's retry rule) while
 * PostgREST, the functions runtime and Postgres are killed in turn; each visitor keeps sending
 * until the faults are over and it has sent `minTurns`, then every turn is checked in the database.
 */
export async function crashChat(ctx: Ctx, scenarioNo = 1): Promise<CrashChatResult> {
  const api = ctx.config.apiUrl;
  const functions = `${api}/functions/v1`;
  const started = performance.now();
  const deadline = () => Date.now() + 120_000;
  let faultsOver = false;
  const turns: Turn[] = [];
  const visitor = async (n: number) => {
    await sleep(Math.random() * 3000);
    const v = await openVisitor(functions, SITE, visitorIp(scenarioNo, n), deadline());
    for (let i = 0; !faultsOver || i < ctx.scale.minTurns; i++) {
      const turn = await sendUntilAnswered(functions, v, `rel-${ctx.run}-${n}-${i}`, `${QUESTIONS[i % QUESTIONS.length]} (${n}.${i})`, deadline());
      turns.push(turn);
      await sleep(4000 + Math.random() * 4000);
    }
  };
  const visitors = Array.from({ length: ctx.scale.visitors }, (_, n) => visitor(n));
  let kills: KillRecord[] = [];
  try {
    kills = await crashInTurn(ctx, ctx.scale.killRounds, started);
  } finally {
    faultsOver = true;
  }
  const settled = await Promise.allSettled(visitors);
  for (const s of settled) if (s.status === 'rejected') ctx.log(`  a visitor stopped: ${(s.reason as Error).message}`);
  const ledger = await checkChat(ctx.config.db.url, turns);
  const attempts: Record<number, number> = {};
  for (const t of turns) attempts[t.attempts] = (attempts[t.attempts] ?? 0) + 1;
  const result: CrashChatResult = {
    kills,
    ledger,
    turnMs: summarize(turns.filter((t) => t.ms !== null).map((t) => t.ms!)),
    attempts,
    longestFailedAttemptMs: Math.round(Math.max(0, ...turns.flatMap((t) => t.failedAttemptMs))),
    holds:
      settled.every((s) => s.status === 'fulfilled') &&
      ledger.lostAcknowledged === 0 &&
      ledger.duplicateVisitor === 0 &&
      ledger.answeredMissing === 0 &&
      ledger.orphanReplies === 0 &&
      ledger.duplicateReplies === 0 &&
      ledger.gaveUp === 0 &&
      ledger.unansweredStored === 0,
  };
  const lastFailures = turns.filter((t) => !t.done).map((t) => t.lastFailure);
  if (lastFailures.length) ctx.log(`  gave up: ${JSON.stringify(lastFailures.slice(0, 5))}`);
  ctx.log(`  ${ledger.turns} turns by ${ctx.scale.visitors} visitors, ${ledger.failedAttempts} failed attempts retried`);
  ctx.log(`  ledger ${JSON.stringify(ledger)}`);
  ctx.log(`  turn time p50 ${result.turnMs.p50} ms, p95 ${result.turnMs.p95} ms, max ${result.turnMs.max} ms; attempts ${JSON.stringify(attempts)}`);
  return result;
}
