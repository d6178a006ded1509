import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Parser, type Result } from 'tap-parser';

/** Runs supabase/tests/*.sql pgTAP files as `supabase test db` would, one connection per file. */
export const pgtapDir = path.resolve(import.meta.dirname, '../../supabase/tests');
export const pgtapFiles = readdirSync(pgtapDir)
  .filter((f) => f.endsWith('.sql'))
  .sort();

export interface PgtapRun {
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

export async function runPgtapFile(databaseUrl: string, file: string): Promise<PgtapRun> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const asserts: Result[] = [];
  const comments = new Map<Result, string[]>();
  let plan: number | undefined;
  try {
    // One multi-statement query is one implicit transaction, so setup before the file's `begin;`
    // would share its final rollback; psql (and so `supabase test db`) commits it. Send it apart.
    const text = readFileSync(path.join(pgtapDir, file), 'utf8');
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

/** The failed assertions of a run with pgTAP's explanation, or its error: empty when all passed. */
export function pgtapFailures(run: PgtapRun): string[] {
  if (run.error) return [`${run.file}: ${run.error}`];
  const failed = run.asserts.filter((a) => !a.ok).map((a) => `${run.file} ${a.id} ${a.name}\n${run.comments.get(a)?.join('\n') ?? ''}`);
  if (run.asserts.length !== run.plan) failed.push(`${run.file}: ran ${run.asserts.length} of ${run.plan ?? '?'} planned`);
  return failed;
}
