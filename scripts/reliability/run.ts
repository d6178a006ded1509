import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../stack/config';
import { readKeys } from '../stack/keys';
import { liftQuotas, SCALES, type Ctx } from './context';
import { kill, restart } from './control';
import { FUNCTIONS_ENV, reliabilityConfig } from './env';
import { SCENARIOS } from './scenarios';

const USAGE = `usage: npm run reliability -- [run|down] [options]

  run (default)      start the battery's own stack if needed, run the scenarios, print what was done
                     and what was lost, write <STACK_DIR>/reliability-results.json
  down               stop the battery's stack

  --scale <s>        reduced (default: a shared 2-core machine), full (the issue's figures), smoke
  --only <ids>       comma-separated scenario ids; --skip <ids> leaves some out
  --keep-stack       leave the stack running afterwards (default: stop it if this run started it)

scenarios: ${SCENARIOS.map((s) => `${s.id} (${s.title})`).join(', ')}
stack: STACK_DIR (default .stack-reliability) and RELIABILITY_PORT_BASE (default 24460)`;

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
      scale: { type: 'string', default: 'reduced' },
      only: { type: 'string' },
      skip: { type: 'string' },
      'keep-stack': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const command = positionals[0] ?? 'run';
  if (values.help || !['run', 'down'].includes(command) || !(values.scale! in SCALES)) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  // the functions runtime takes these from this process's environment, at start and every restart
  Object.assign(process.env, FUNCTIONS_ENV);
  const { env, config } = reliabilityConfig();
  if (command === 'down') {
    process.exitCode = stackCli(env, 'down').status ?? 1;
    return;
  }
  const wasRunning = JSON.parse(stackCli(env, 'status', ['--json']).stdout || '{}').running === true;
  if (!wasRunning) {
    console.log(`Starting the battery's stack (${config.dir}, API ${config.apiUrl}) …`);
    const up = stackCli(env, 'up');
    if (up.status !== 0) throw new Error(`stack up failed:\n${up.stdout}\n${up.stderr}`);
  }
  const keys = await readKeys(config);
  // a runtime started earlier may carry other settings: this run's settings, from a fresh start
  await kill(config, 'functions');
  await restart(config, keys, 'functions');
  const ctx: Ctx = { config, keys, scale: SCALES[values.scale as keyof typeof SCALES], log: console.log, run: Date.now().toString(36) };
  await liftQuotas(ctx);
  const split = (s?: string) => (s ? s.split(',').map((x) => x.trim()) : undefined);
  const only = split(values.only);
  const skip = split(values.skip) ?? [];
  const results: Record<string, unknown> = {};
  let failed = false;
  try {
    for (const scenario of SCENARIOS) {
      if ((only && !only.includes(scenario.id)) || skip.includes(scenario.id)) continue;
      console.log(`▶ ${scenario.id}: ${scenario.title}`);
      const t = performance.now();
      try {
        const out = await scenario.run(ctx);
        results[scenario.id] = out;
        if (!out.holds) failed = true;
        console.log(`  ${out.holds ? 'HOLDS' : 'DOES NOT HOLD'} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed = true;
        results[scenario.id] = { error: (error as Error).stack ?? String(error) };
        console.log(`  failed: ${(error as Error).stack ?? error}`);
      }
    }
  } finally {
    const file = path.join(config.dir, 'reliability-results.json');
    const machine = { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg() };
    writeFileSync(file, JSON.stringify({ scale: values.scale, machine, startedAt: new Date().toISOString(), results }, null, 2));
    console.log(`\nWrote ${file}`);
    if (!wasRunning && !values['keep-stack']) stackCli(env, 'down');
  }
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`reliability: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
});
