import { setTimeout as sleep } from 'node:timers/promises';
import { kill, restart, waitForApi, type Killable, type KillRecord } from './control';
import type { Ctx } from './context';

/**
 * kill -9 PostgREST, the functions runtime and Postgres in turn, each at a random moment (2-5 s
 * after the last one recovered), down for 0.3-1.5 s, then restarted as a supervisor would; the
 * next kill waits until a query through the gateway answers again.
 */
export async function crashInTurn(ctx: Ctx, rounds: number, started: number): Promise<KillRecord[]> {
  const order: Killable[] = ['postgrest', 'functions', 'postgres'];
  const records: KillRecord[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const service of order) {
      await sleep(2000 + Math.random() * 3000);
      const at = performance.now() - started;
      await kill(ctx.config, service);
      const downMs = 300 + Math.random() * 1200;
      await sleep(downMs);
      const t = performance.now();
      await restart(ctx.config, ctx.keys, service);
      await waitForApi(ctx.config, ctx.keys);
      const record = { service, at: Math.round(at), downMs: Math.round(downMs), recoveryMs: Math.round(performance.now() - t) };
      records.push(record);
      ctx.log(
        `  killed ${service} at ${(at / 1000).toFixed(1)} s, down ${record.downMs} ms, answering again ${record.recoveryMs} ms after its restart`,
      );
    }
  }
  return records;
}
