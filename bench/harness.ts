import type { StackConfig } from '../scripts/stack/config';
import type { StackKeys } from '../scripts/stack/keys';
import { seedDataset, withClient, type Scale } from './generate';
import type { BenchContext } from './lib/context';
import type { BenchPorts } from './lib/env';
import type { Effort } from './lib/load';
import { describeMachine } from './lib/machine';
import { printTable, writeOutputs, type Run } from './lib/report';
import type { ScenarioResult } from './lib/result';
import { SCENARIOS } from './scenarios';

/** How hard each scenario pushes: the full run, and the smoke run that keeps the harness honest in `npm test`. */
export const EFFORTS = {
  full: {
    latency: { rounds: 20, perRound: 100, warmup: 200, connections: 1 },
    throughput: { rounds: 8, perRound: 2, warmup: 1, connections: 10 },
    quick: false,
  },
  smoke: {
    latency: { rounds: 2, perRound: 10, warmup: 5, connections: 1 },
    throughput: { rounds: 2, perRound: 0.5, warmup: 0, connections: 4 },
    quick: true,
  },
} satisfies Record<string, { latency: Effort; throughput: Effort; quick: boolean }>;

export interface BenchOptions {
  config: StackConfig;
  keys: StackKeys;
  ports: BenchPorts;
  seed: number;
  scale: Scale;
  efforts: BenchContext['efforts'];
  only?: string[];
  skip?: string[];
  command: string;
  log?: (line: string) => void;
  outputs?: { json: string; markdown: string; notes?: string };
}

export async function runBench(options: BenchOptions): Promise<Run> {
  const log = options.log ?? console.log;
  const startedAt = new Date();
  const machine = await describeMachine(options.config);
  log(`Data set (seed ${options.seed}) …`);
  const dataset = await seedDataset(options.config.db.url, options.seed, options.scale, log);
  log(dataset.load.skipped ? '  already loaded' : `  loaded in ${dataset.load.seconds.toFixed(1)} s`);
  const loaded = await withClient(
    options.config.db.url,
    async (c) =>
      (
        await c.query<{ load_seconds: number; loaded_at: Date; steps: Run['dataset']['steps'] }>(
          'select load_seconds, loaded_at, steps from bench.dataset limit 1',
        )
      ).rows[0],
  );
  const ctx: BenchContext = { config: options.config, keys: options.keys, ports: options.ports, dataset, efforts: options.efforts, log };
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS) {
    if (options.only?.length && !options.only.includes(scenario.id)) continue;
    if (options.skip?.includes(scenario.id)) continue;
    const t = performance.now();
    log(`▶ ${scenario.id}`);
    try {
      const out = await scenario.run(ctx);
      results.push(...(Array.isArray(out) ? out : [out]));
    } catch (error) {
      log(`  failed: ${(error as Error).stack ?? error}`);
      results.push({ id: scenario.id, title: scenario.id, status: 'failed', notes: [`failed: ${(error as Error).message}`] });
    }
    log(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const run: Run = {
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    command: options.command,
    machine,
    dataset: {
      seed: options.seed,
      counts: dataset.counts,
      loadSeconds: loaded?.load_seconds ?? null,
      loadedAt: loaded?.loaded_at?.toISOString() ?? null,
      steps: loaded?.steps ?? [],
    },
    efforts: options.efforts,
    results,
  };
  log('');
  printTable(results, log);
  if (options.outputs) writeOutputs(run, options.outputs);
  return run;
}
