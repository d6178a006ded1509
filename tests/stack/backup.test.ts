import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreBackup, rowCounts, takeBackup } from '@/scripts/stack/backup';
import { config, sql } from '../helpers/stack';

/**
 * Scenario 7 of the reliability battery (RELIABILITY.md): `npm run stack -- backup` / `restore`.
 * The full drill (restore into a fresh stack, then the whole pgTAP suite) is in RELIABILITY.md;
 * here the test stack is backed up and restored onto itself: every table's rows, their content,
 * and the sequences come back as they were, and a backup of other migrations is refused.
 */

/** Every row of every table in public and private, as text, for comparing content. */
async function fingerprint(): Promise<string> {
  const [row] = await sql<{ fp: string }>(
    `select string_agg(t.name || '=' || t.fp, ';' order by t.name) as fp from (
       select format('%I.%I', n.nspname, c.relname) as name,
              (xpath('/row/fp/text()', query_to_xml(format('select md5(coalesce(string_agg(x::text, %L order by x::text), %L)) as fp from %I.%I x', ',', '', n.nspname, c.relname), false, false, '')))[1]::text as fp
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p') and n.nspname in ('public', 'private')) t`,
  );
  return row!.fp;
}

describe('backup and restore', () => {
  it('a backup restored brings back every row, its content and the sequences', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'backup-')), 'stack.json.gz');
    const before = await fingerprint();
    const counts = await rowCounts(config);
    const backup = await takeBackup(config, file);
    expect(Object.values(backup.tables).reduce((n, t) => n + t.length, 0)).toBe(Object.values(counts).reduce((n, c) => n + c, 0));
    await restoreBackup(config, file);
    expect(await rowCounts(config)).toEqual(counts);
    expect(await fingerprint()).toBe(before);
  });

  it('refuses a backup taken at other migrations', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'backup-')), 'stack.json.gz');
    await takeBackup(config, file);
    const { gunzipSync, gzipSync } = await import('node:zlib');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const doc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { migrations: string[] };
    doc.migrations.push('29991231000000');
    writeFileSync(file, gzipSync(JSON.stringify(doc)));
    await expect(restoreBackup(config, file)).rejects.toThrow(/other migrations/);
  });
});
