import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, projectRoot } from '../stack/config';
import { ensureKeys } from '../stack/keys';
import { buildApp, filtersNeedApp } from './app-build';
import { coverageSummary, denoCoverageDir, resetCoverage, vitestCoverageArgs } from './coverage';
import { ensureChromium } from './ensure-chromium';
import { ensurePgtap } from './ensure-pgtap';
import { readFloor, shortfalls } from './floor';
import { migrationsCheckEnv, runEnv, testStackEnv } from './test-stack-env';
import { tallyFiles, vitestReportFile, vitestReportSchema } from './vitest-report';

/**
 * `npm test`: every suite against a throwaway stack on its own ports (a running dev stack is left
 * alone) and a production build of the app (`next build` once, then `next start`), ending with one
 * `N passed, N failed, N skipped` line that sums them all. The caller's environment does not
 * reach the stack or the app beyond PATH-like basics (scripts/test/test-stack-env.ts).
 * Test files run in a shuffled order; TEST_SEED=<n> (printed by every run) repeats one.
 * Coverage is measured on full runs (TEST_COVERAGE=0 turns it off, =1 on for a filtered run).
 */
interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
  skipped?: number;
}

const artifacts = path.join(projectRoot, 'artifacts');
const bin = (name: string) => path.join(projectRoot, 'node_modules/.bin', name);
/** The order of the test files: the seed is printed, TEST_SEED=<n> repeats a run's order. */
const seed = process.env.TEST_SEED && /^\d+$/.test(process.env.TEST_SEED) ? Number(process.env.TEST_SEED) : Math.floor(Math.random() * 1e6);
/** `npm test -- <vitest filters>` runs only those test files (and skips the static checks). */
const vitestFilters = process.argv.slice(2);
const coverage = process.env.TEST_COVERAGE === '1' || (process.env.TEST_COVERAGE !== '0' && vitestFilters.length === 0);
const env: NodeJS.ProcessEnv = {
  ...runEnv,
  TEST_SEED: String(seed),
  ...(coverage ? { STACK_FUNCTIONS_COVERAGE: denoCoverageDir } : {}),
};

function run(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectRoot, env: { ...env, ...extraEnv }, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}

const stack = (command: string) => run(bin('tsx'), ['scripts/stack/cli.ts', command]);

/** A command run with its output held back, so commands can run side by side without mixing their logs. */
function capture(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; output: Buffer; seconds: string }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectRoot, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => output.push(d));
    child.stderr.on('data', (d: Buffer) => output.push(d));
    let settled = false;
    const done = (code: number) => {
      if (settled) return;
      settled = true;
      resolve({ code, output: Buffer.concat(output), seconds: ((Date.now() - started) / 1000).toFixed(0) });
    };
    child.on('close', (code) => done(code ?? 1));
    child.on('error', () => done(1));
  });
}

type Check = [name: string, command: string, args: string[], extraEnv?: Record<string, string>];

async function check([name, command, args, extraEnv]: Check): Promise<SuiteResult> {
  const { code, output, seconds } = await capture(command, args, extraEnv);
  console.log(`\n▶ ${name} (${seconds}s)`);
  process.stdout.write(output);
  return { name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
}

/**
 * The checks two at a time: each is single-threaded and CI has two cores, so side by side they
 * take about half as long. Results come back in list order; each log prints whole when it ends.
 */
async function checks(list: Check[]): Promise<SuiteResult[]> {
  const results: SuiteResult[] = [];
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < list.length; i = next++) results[i] = await check(list[i]!);
  };
  await Promise.all([lane(), lane()]);
  return results;
}

/** Edge Functions are Deno code: Node's tsc and ESLint skip them, Deno checks them. */
function functionEntrypoints(): string[] {
  const dir = path.join(projectRoot, 'supabase/functions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && existsSync(path.join(dir, d.name, 'index.ts')))
    .map((d) => `supabase/functions/${d.name}/index.ts`);
}

async function vitest(): Promise<SuiteResult> {
  console.log('\n▶ vitest (pgTAP, API, stack)');
  rmSync(vitestReportFile, { force: true });
  console.log(`Test file order: seed ${seed} (TEST_SEED=${seed} npm test repeats it)`);
  const args = ['run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReportFile}`, `--sequence.seed=${seed}`];
  const code = await run(bin('vitest'), [...args, ...(coverage ? vitestCoverageArgs : []), ...vitestFilters]);
  if (!existsSync(vitestReportFile)) return { name: 'vitest', passed: 0, failed: 1 };
  const tallies = tallyFiles(vitestReportSchema.parse(JSON.parse(readFileSync(vitestReportFile, 'utf8'))));
  const floor = readFloor();
  const result = { name: 'vitest', passed: 0, failed: 0, skipped: 0 };
  for (const t of tallies) {
    if (t.fileError === undefined) {
      result.passed += t.passed;
      result.failed += t.failed;
      result.skipped += t.skipped;
      continue;
    }
    // a crash or a failed hook: every case the file holds (or should hold) counts as failed
    const failed = Math.max(floor.vitest[t.file] ?? 0, t.passed + t.failed + t.skipped, 1);
    console.log(`✗ ${t.file} failed as a file (${t.fileError}): ${failed} counted as failed`);
    result.failed += failed;
  }
  if (vitestFilters.length === 0) {
    const missing = shortfalls(floor, tallies);
    if (missing.length > 0) {
      console.log(`\n✗ fewer tests than the committed floor (tests/floor.json; \`npm run test:floor\` after a deliberate removal):`);
      for (const line of missing) console.log(`  ${line}`);
      result.failed += missing.length;
    }
  }
  if (code !== 0 && result.failed === 0 && result.skipped === 0) result.failed = 1;
  return result;
}

async function main() {
  const started = Date.now();
  mkdirSync(artifacts, { recursive: true });
  ensurePgtap();
  ensureChromium();
  const list: Check[] = [];
  if (vitestFilters.length === 0) {
    const deno = path.join(projectRoot, 'node_modules/deno/deno');
    const denoFiles = ['scripts/stack/functions-router.ts', ...functionEntrypoints()];
    // the two longest first, side by side; the short ones fill in behind them
    list.push(
      ['lint', bin('eslint'), ['--max-warnings=0', '.']],
      ['typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
      // the new migrations applied onto the previous schema holding the bench generator's data,
      // under a lock timeout (issue 16, scenario 9), on a Postgres of its own so it runs beside
      // the other checks; pgTAP on the same migrations is the vitest run's
      ['migrations', bin('tsx'), ['scripts/migrations-check.ts', '--own-postgres', '--skip-pgtap'], migrationsCheckEnv],
      ['format', bin('prettier'), ['--check', '--log-level=warn', '.']],
      ['sql lint', bin('postgrestools'), ['check', '--error-on-warnings', 'supabase/migrations']],
      ['deno check', deno, ['check', '--config', 'deno.json', ...denoFiles]],
      ['deno lint', deno, ['lint', '--config', 'deno.json']],
    );
  }
  // the browser tests load it, and the build fails over the widget's gzipped size budget
  list.push(['widget build', bin('tsx'), ['scripts/build-widget.ts']]);
  const checksStarted = Date.now();
  const results = await checks(list);
  console.log(`checks done in ${((Date.now() - checksStarted) / 1000).toFixed(0)}s`);

  await stack('down');
  rmSync(testStackEnv.STACK_DIR, { recursive: true, force: true });
  if (coverage) resetCoverage();
  // The keys first: the build fixes the stack's URL into the CSP (next.config.ts) and the
  // NEXT_PUBLIC_* values into any client code that reads them.
  const config = loadConfig(env);
  const keys = await ensureKeys(config);
  // The stack boots while the app builds: starting Postgres, migrating and starting the services
  // is mostly waiting, which the build's compilation fills (its log prints once the build is done).
  const stackUp = capture(bin('tsx'), ['scripts/stack/cli.ts', 'up']);
  if (filtersNeedApp(vitestFilters)) {
    console.log(`\n▶ next build (production, into ${testStackEnv.NEXT_DIST_DIR})`);
    const built = await buildApp(config, keys);
    results.push({ name: 'next build', passed: built ? 1 : 0, failed: built ? 0 : 1 });
    // tests/setup/app-server.ts serves this run's build only, never one left by an earlier run
    if (built) env.TEST_APP_BUILT = '1';
  }
  const up = await stackUp;
  console.log(`\n▶ test stack up (${up.seconds}s, alongside the build)`);
  process.stdout.write(up.output);
  if (up.code !== 0) {
    results.push({ name: 'test stack up', passed: 0, failed: 1 });
  } else {
    try {
      results.push(await vitest());
    } finally {
      if (!process.env.KEEP_TEST_STACK) await stack('down');
    }
  }

  const coverageLines = coverage ? coverageSummary() : [];
  if (coverageLines.length > 0) console.log(`\n${coverageLines.join('\n')}`);
  console.log('\nSuites:');
  for (const r of results) console.log(`  ${r.name.padEnd(16)} ${r.passed} passed, ${r.failed} failed, ${r.skipped ?? 0} skipped`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const skipped = results.reduce((n, r) => n + (r.skipped ?? 0), 0);
  // a skipped test is a test nobody runs: CI refuses it, locally it is reported
  const skipFails = skipped > 0 && process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
  if (skipFails) console.log(`✗ ${skipped} skipped or todo tests: CI does not accept skipped tests`);
  if (failed > 0) console.log(`Seed ${seed}: \`TEST_SEED=${seed} npm test\` repeats this run's file order and random test data`);
  console.log(`Total time ${((Date.now() - started) / 1000).toFixed(0)}s`);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exitCode = failed > 0 || passed === 0 || skipFails ? 1 : 0;
}

void main();
