import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Parser, type Result } from 'tap-parser';
import { describe, expect, it } from 'vitest';
import { config } from '../helpers/stack';

/**
 * Runs each supabase/tests/*.sql pgTAP file (as `supabase test db` would, in name order) and
 * reports every pgTAP assertion as a vitest test of its own.
 */
const testsDir = path.resolve(import.meta.dirname, '../../supabase/tests');
const files = readdirSync(testsDir).filter((f) => f.endsWith('.sql')).sort();

interface FileRun {
  file: string;
  asserts: Result[];
  comments: Map<Result, string[]>;
  plan: number | undefined;
  error?: string;
}

function tapLines(results: pg.QueryResult | pg.QueryResult[]): string[] {
  const list = Array.isArray(results) ? results : [results];
  return list.flatMap((r) => (r.rows ?? []).flatMap((row: Record<string, unknown>) => Object.values(row).map(String)));
}

async function runFile(file: string): Promise<FileRun> {
  const client = new pg.Client({ connectionString: config.db.url });
  await client.connect();
  const asserts: Result[] = [];
  const comments = new Map<Result, string[]>();
  let plan: number | undefined;
  try {
    // One multi-statement query is one implicit transaction, so setup before the file's `begin;`
    // would share its final rollback; psql (and so `supabase test db`) commits it. Send it apart.
    const text = readFileSync(path.join(testsDir, file), 'utf8');
    const begin = text.search(/^begin;$/m);
    const parts = begin > 0 ? [text.slice(0, begin), text.slice(begin)] : [text];
    const output: string[] = [];
    for (const part of parts) output.push(...tapLines(await client.query(part)));
    const parser = new Parser();
    parser.on('assert', (a: Result) => asserts.push(a));
    // pgTAP explains a failure in `#` lines after it.
    parser.on('comment', (c: string) => {
      const last = asserts.at(-1);
      if (last) comments.set(last, [...(comments.get(last) ?? []), c.trim()]);
    });
    parser.on('plan', (p: { end: number }) => (plan = p.end));
    parser.end(`${output.join('\n')}\n`);
    return { file, asserts, comments, plan };
  } catch (error) {
    return { file, asserts, comments, plan, error: (error as Error).message };
  } finally {
    await client.end();
  }
}

const runs: FileRun[] = [];
for (const file of files) runs.push(await runFile(file));

it('finds the pgTAP files', () => {
  expect(files.length).toBeGreaterThan(3);
});

for (const run of runs) {
  describe(`pgTAP ${run.file}`, () => {
    it('runs to the end of its plan', () => {
      expect(run.error).toBeUndefined();
      expect(run.plan).toBeGreaterThan(0);
      expect(run.asserts.length).toBe(run.plan);
    });
    for (const a of run.asserts) {
      it(`${a.id} ${a.name || '(unnamed)'}`, () => {
        expect(a.ok, run.comments.get(a)?.join('\n') ?? a.name).toBe(true);
      });
    }
  });
}
