import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../../scripts/stack/config';
import { readKeys } from '../../scripts/stack/keys';
import { loadConfig } from '../../scripts/stack/config';
import type { BenchContext } from '../lib/context';
import type { ScenarioResult } from '../lib/result';
import { median } from '../lib/stats';

/**
 * Stack start: `npm run stack -- up` until the first PostgREST query through the gateway answers
 * 200, cold (a fresh state dir: initdb, migrations, seed) and warm (the same dir, stopped and
 * started again). A throwaway stack of its own, beside the benchmark's (its dir + "-start").
 */
function npmStack(env: NodeJS.ProcessEnv, command: 'up' | 'down'): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'stack', '--', command], { cwd: projectRoot, env, stdio: 'ignore' });
    child.on('close', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}

async function timeUp(env: NodeJS.ProcessEnv): Promise<number> {
  const config = loadConfig(env);
  const started = performance.now();
  const code = await npmStack(env, 'up');
  if (code !== 0) throw new Error(`npm run stack -- up exited with ${code} (logs in ${config.paths.logs})`);
  const keys = await readKeys(config);
  for (;;) {
    // the API root, as the stack's own probe: anon may read no table
    const res = await fetch(`${config.apiUrl}/rest/v1/`, { headers: { apikey: keys.anonKey } }).catch(() => null);
    await res?.body?.cancel();
    if (res?.ok) return (performance.now() - started) / 1000;
    if (performance.now() - started > 180_000) throw new Error('no PostgREST answer within 180 s of stack up');
    await sleep(20);
  }
}

export async function stackStart(ctx: BenchContext): Promise<ScenarioResult> {
  const base = ctx.ports.startBase;
  const dir = `${ctx.config.dir}-start`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STACK_DIR: dir,
    STACK_API_PORT: String(base + 1),
    STACK_DB_PORT: String(base + 2),
    STACK_REST_PORT: String(base + 5),
    STACK_REST_ADMIN_PORT: String(base + 6),
    STACK_FUNCTIONS_PORT: String(base + 7),
  };
  const warmRuns = ctx.efforts.quick ? 1 : 3;
  try {
    await npmStack(env, 'down');
    rmSync(dir, { recursive: true, force: true });
    const cold = await timeUp(env);
    const warm: number[] = [];
    for (let i = 0; i < warmRuns; i++) {
      await npmStack(env, 'down');
      warm.push(await timeUp(env));
    }
    return {
      id: 'stack-start',
      title: 'Stack start: `npm run stack -- up` to first PostgREST answer',
      status: 'measured',
      a: { label: 'cold (fresh data dir)', median: cold, unit: 's' },
      b: { label: `warm (median of ${warmRuns})`, median: median(warm), unit: 's' },
      ratio: cold / median(warm),
      ratioOf: 'cold / warm (no target)',
      notes: [`warm runs ${warm.map((s) => s.toFixed(1)).join(' ')} s; includes npm's own start-up`],
    };
  } finally {
    await npmStack(env, 'down');
    rmSync(dir, { recursive: true, force: true });
  }
}
