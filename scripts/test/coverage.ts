import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../stack/config';
import { testStackEnv } from './test-stack-env';

/**
 * Coverage of a `npm test` run, as one short summary before the closing line:
 * - vitest's v8 coverage (vitest.config.ts) of lib/, app/ and widget/src as the test processes
 *   load them;
 * - Deno's coverage of supabase/functions, from every functions runtime the run starts
 *   (scripts/stack/services.ts adds `--coverage` when STACK_FUNCTIONS_COVERAGE names a dir).
 * Reports stay in artifacts/coverage-<port base>/ (vitest's HTML, Deno's lcov).
 */
const base = Number(testStackEnv.TEST_APP_PORT) - 9;
export const coverageDir = path.join(projectRoot, 'artifacts', `coverage-${base}`);
export const vitestCoverageDir = path.join(coverageDir, 'vitest');
export const denoCoverageDir = path.join(coverageDir, 'deno-raw');
const denoLcov = path.join(coverageDir, 'deno.lcov');

export function resetCoverage(): void {
  rmSync(coverageDir, { recursive: true, force: true });
}

/** vitest flags that turn coverage on for this run (the rest of the settings are in vitest.config.ts). */
export const vitestCoverageArgs = ['--coverage.enabled', `--coverage.reportsDirectory=${vitestCoverageDir}`];

const counter = z.object({ total: z.number(), covered: z.number() });
const summarySchema = z.record(z.string(), z.object({ lines: counter, statements: counter, functions: counter, branches: counter }));

interface Area {
  name: string;
  lines: { total: number; covered: number };
  files: number;
}

const pct = (a: { total: number; covered: number }) => (a.total === 0 ? '  n/a' : `${((100 * a.covered) / a.total).toFixed(1).padStart(5)}%`);

function add(areas: Map<string, Area>, name: string, total: number, covered: number) {
  const area = areas.get(name) ?? { name, lines: { total: 0, covered: 0 }, files: 0 };
  area.lines.total += total;
  area.lines.covered += covered;
  area.files += 1;
  areas.set(name, area);
}

/** Line coverage per area (lib, app, widget/src) from vitest's json-summary. */
function vitestAreas(): Area[] {
  const file = path.join(vitestCoverageDir, 'coverage-summary.json');
  if (!existsSync(file)) return [];
  const summary = summarySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const areas = new Map<string, Area>();
  for (const [name, s] of Object.entries(summary)) {
    if (name === 'total') continue;
    const rel = path.relative(projectRoot, name);
    const area = rel.startsWith('widget/src/') ? 'widget/src' : rel.split('/')[0]!;
    add(areas, area, s.lines.total, s.lines.covered);
  }
  return [...areas.values()];
}

/** Line coverage of the Edge Functions (shared code apart) from Deno's lcov. */
function denoAreas(): Area[] {
  if (!existsSync(denoCoverageDir) || readdirSync(denoCoverageDir).length === 0) return [];
  const deno = path.join(projectRoot, 'node_modules/deno/deno');
  const result = spawnSync(
    deno,
    ['coverage', denoCoverageDir, '--lcov', `--output=${denoLcov}`, `--include=${path.join(projectRoot, 'supabase/functions')}`],
    {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  if (result.status !== 0 || !existsSync(denoLcov)) {
    console.log(`deno coverage failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
    return [];
  }
  const areas = new Map<string, Area>();
  let current: { area: string; lf: number; lh: number } | undefined;
  for (const line of readFileSync(denoLcov, 'utf8').split('\n')) {
    if (line.startsWith('SF:')) {
      const rel = path.relative(path.join(projectRoot, 'supabase/functions'), line.slice(3));
      current = { area: `functions/${rel.split('/')[0]}`, lf: 0, lh: 0 };
    } else if (line.startsWith('LF:') && current) current.lf = Number(line.slice(3));
    else if (line.startsWith('LH:') && current) current.lh = Number(line.slice(3));
    else if (line === 'end_of_record' && current) {
      add(areas, current.area, current.lf, current.lh);
      current = undefined;
    }
  }
  return [...areas.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The summary lines `npm test` prints (empty when coverage was off). */
export function coverageSummary(): string[] {
  const node = vitestAreas();
  const functions = denoAreas();
  if (node.length === 0 && functions.length === 0) return [];
  const lines = ['Coverage (lines; details in ' + path.relative(projectRoot, coverageDir) + '/):'];
  const row = (a: Area) => `  ${a.name.padEnd(28)} ${pct(a.lines)}  (${a.lines.covered}/${a.lines.total} lines, ${a.files} files)`;
  for (const area of node.sort((a, b) => a.name.localeCompare(b.name))) lines.push(row(area));
  if (functions.length > 0) {
    const total = functions.reduce(
      (t, a) => ({
        name: 'functions (all)',
        lines: { total: t.lines.total + a.lines.total, covered: t.lines.covered + a.lines.covered },
        files: t.files + a.files,
      }),
      { name: 'functions (all)', lines: { total: 0, covered: 0 }, files: 0 } as Area,
    );
    lines.push(row(total));
    for (const area of functions) lines.push(row(area));
  }
  return lines;
}
