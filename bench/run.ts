import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../scripts/stack/config';
import { readKeys } from '../scripts/stack/keys';
import { FULL_SCALE, seedDataset } from './generate';
import { EFFORTS, runBench } from './harness';
import { benchConfig, benchPorts } from './lib/env';
import { writeOutputs, type Run } from './lib/report';
import { SCENARIOS } from './scenarios';
import { SMOKE_SCALE } from './smoke-scale';

const USAGE = `usage: npm run bench -- [run|seed|down] [options]

  run (default)      start the benchmark's stack if needed, load the data set, run every scenario,
                     print the table, write bench/results.json and bench/REPORT.md
  seed               only load the data set (skipped when the same seed is loaded already)
  report             write bench/REPORT.md again from bench/results.json (after editing bench/ANALYSIS.md)
  down               stop the benchmark's stack

  --seed <n>         data set seed (default 1)
  --only <ids>       comma-separated scenario ids; --skip <ids> leaves some out
  --smoke            tiny data and few requests (seconds, not minutes); writes no report
  --keep-stack       leave the stack running afterwards (default: stop it if this run started it)
  --force            reload the data set even if it is there

scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}
stack: STACK_DIR (default .stack-bench) and BENCH_PORT_BASE (default 24420; STACK_*_PORT override one at a time)`;

function stackCli(env: Record<string, string>, command: string, args: string[] = []) {
  return spawnSync(path.join(projectRoot, 'node_modules/.bin/tsx'), ['scripts/stack/cli.ts', command, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seed: { type: 'string', default: '1' },
      only: { type: 'string' },
      skip: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      'keep-stack': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const command = positionals[0] ?? 'run';
  if (values.help || !['run', 'seed', 'report', 'down'].includes(command)) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const outputs = {
    json: path.join(projectRoot, 'bench/results.json'),
    markdown: path.join(projectRoot, 'bench/REPORT.md'),
    notes: path.join(projectRoot, 'bench/ANALYSIS.md'),
  };
  if (command === 'report') {
    writeOutputs(JSON.parse(readFileSync(outputs.json, 'utf8')) as Run, outputs);
    console.log('Wrote bench/REPORT.md');
    return;
  }
  const { env, config } = benchConfig();
  if (command === 'down') {
    process.exitCode = stackCli(env, 'down').status ?? 1;
    return;
  }
  const wasRunning = JSON.parse(stackCli(env, 'status', ['--json']).stdout || '{}').running === true;
  if (!wasRunning) {
    console.log(`Starting the benchmark's stack (${config.dir}, API ${config.apiUrl}) …`);
    const up = stackCli(env, 'up');
    if (up.status !== 0) throw new Error(`stack up failed:\n${up.stdout}\n${up.stderr}`);
  }
  try {
    const seed = Number(values.seed);
    const scale = values.smoke ? SMOKE_SCALE : FULL_SCALE;
    if (command === 'seed') {
      const t = performance.now();
      const d = await seedDataset(config.db.url, seed, scale, console.log, { force: values.force });
      console.log(d.load.skipped ? 'Already loaded (same seed and scale).' : `Loaded in ${d.load.seconds.toFixed(1)} s.`);
      console.log(
        Object.entries(d.counts)
          .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
          .join(', '),
        `(${((performance.now() - t) / 1000).toFixed(1)} s)`,
      );
      return;
    }
    const split = (s?: string) =>
      s
        ? s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : undefined;
    const run = await runBench({
      config,
      keys: await readKeys(config),
      ports: benchPorts(config),
      seed,
      scale,
      efforts: values.smoke ? EFFORTS.smoke : EFFORTS.full,
      only: split(values.only),
      skip: split(values.skip),
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      outputs: values.smoke ? undefined : outputs,
    });
    if (!values.smoke) console.log('\nWrote bench/results.json and bench/REPORT.md');
    if (run.results.some((r) => r.status === 'failed')) process.exitCode = 1;
  } finally {
    if (!wasRunning && !values['keep-stack']) stackCli(env, 'down');
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error).message}`);
  process.exitCode = 1;
});
