import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../stack/config';
import type { FileTally } from './vitest-report';

/**
 * The committed minimum of tests: vitest cases per test file and pgTAP assertions per SQL file.
 * A run that executes fewer (a deleted file, a dropped `plan()` with its assertions, a `describe`
 * that no longer registers its cases) fails and names what went missing. `npm run test:floor`
 * raises it to what the last full run executed.
 */
export const floorPath = path.join(projectRoot, 'tests/floor.json');

const floorSchema = z.object({
  vitest: z.record(z.string(), z.number().int().nonnegative()),
  pgtap: z.record(z.string(), z.number().int().nonnegative()),
});
export type Floor = z.infer<typeof floorSchema>;

export function readFloor(): Floor {
  if (!existsSync(floorPath)) return { vitest: {}, pgtap: {} };
  return floorSchema.parse(JSON.parse(readFileSync(floorPath, 'utf8')));
}

const executed = (t: FileTally) => t.passed + t.failed;

/** What the run executed, in the floor's shape (failed cases count: they ran). */
export function floorOf(tallies: FileTally[]): Floor {
  const floor: Floor = { vitest: {}, pgtap: {} };
  for (const t of [...tallies].sort((a, b) => a.file.localeCompare(b.file))) {
    floor.vitest[t.file] = executed(t);
    for (const [sql, n] of [...t.pgtap].sort(([a], [b]) => a.localeCompare(b))) floor.pgtap[sql] = n;
  }
  return floor;
}

/** One line per file that ran fewer tests than its floor, or did not run at all. */
export function shortfalls(floor: Floor, tallies: FileTally[]): string[] {
  const ran = floorOf(tallies);
  const missing: string[] = [];
  for (const [kind, expected] of [
    ['vitest', floor.vitest],
    ['pgTAP', floor.pgtap],
  ] as const) {
    const actual = kind === 'vitest' ? ran.vitest : ran.pgtap;
    for (const [file, min] of Object.entries(expected)) {
      const got = actual[file];
      if (got === undefined) missing.push(`${kind} ${file}: did not run (floor ${min})`);
      else if (got < min) missing.push(`${kind} ${file}: ran ${got} of at least ${min}`);
    }
  }
  return missing;
}

export function writeFloor(floor: Floor) {
  writeFileSync(floorPath, `${JSON.stringify(floor, null, 2)}\n`);
}
