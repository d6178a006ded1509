import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import type pg from 'pg';
import type { StackConfig } from './config';
import { reloadPostgrestSchema, withClient } from './database';

/**
 * `npm run stack -- backup` / `restore`: the local database's data as one file, and that file
 * loaded into another stack (a fresh `up`, at the same migrations), replacing its data.
 *
 * Why not pg_dump: the embedded Postgres 17 ships initdb, pg_ctl and postgres only, and a pg_dump
 * older than the server refuses it (Debian 12's is 15). So the backup is taken the way pg_dump
 * takes one, in SQL: one REPEATABLE READ, read-only transaction (a consistent snapshot while the
 * stack serves), every table of the schemas migrations own as JSON rows, the sequences' values,
 * and the list of applied migrations. The schema is not in the file: it is the migrations, which
 * the target stack applied itself (restore refuses a target at other migrations). A hosted
 * project is backed up by the platform instead (README, Deploy: daily backups and PITR).
 */

const SCHEMAS = ['public', 'private'];

export interface Backup {
  format: 'concierge-backup/1';
  taken_at: string;
  migrations: string[];
  tables: Record<string, unknown[]>;
  sequences: Record<string, { last_value: string | null; is_called: boolean }>;
}

async function migrations(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by version');
  return rows.map((r) => r.version);
}

async function tables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition and n.nspname = any($1) order by 1`,
    [SCHEMAS],
  );
  return rows.map((r) => r.name);
}

/** Rows per table, for comparing a restore with its backup. */
export async function rowCounts(config: StackConfig): Promise<Record<string, number>> {
  return withClient(config.db.url, async (client) => {
    const counts: Record<string, number> = {};
    for (const table of await tables(client)) {
      const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from ${table}`);
      counts[table] = Number(rows[0]!.n);
    }
    return counts;
  });
}

export async function takeBackup(config: StackConfig, file: string): Promise<Backup> {
  const backup = await withClient(config.db.url, async (client) => {
    await client.query('begin isolation level repeatable read read only');
    try {
      const result: Backup = {
        format: 'concierge-backup/1',
        taken_at: new Date().toISOString(),
        migrations: await migrations(client),
        tables: {},
        sequences: {},
      };
      for (const table of await tables(client)) {
        const { rows } = await client.query<{ rows: unknown[] }>(`select coalesce(json_agg(t), '[]'::json) as rows from ${table} t`);
        result.tables[table] = rows[0]!.rows;
      }
      const seqs = await client.query<{ name: string }>(
        `select format('%I.%I', schemaname, sequencename) as name from pg_sequences where schemaname = any($1) order by 1`,
        [SCHEMAS],
      );
      for (const { name } of seqs.rows) {
        const { rows } = await client.query<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from ${name}`);
        result.sequences[name] = rows[0]!;
      }
      return result;
    } finally {
      await client.query('rollback');
    }
  });
  writeFileSync(file, gzipSync(JSON.stringify(backup)));
  return backup;
}

/**
 * Replaces every row of the target stack's tables with the backup's, in one transaction: triggers
 * and foreign keys are off while loading (session_replication_role = replica, as pg_restore
 * --disable-triggers), so rows load in any order and no trigger stamps or counts them twice.
 */
export async function restoreBackup(config: StackConfig, file: string): Promise<Backup> {
  const backup = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Backup;
  if (backup.format !== 'concierge-backup/1') throw new Error(`${file} is not a Concierge backup`);
  await withClient(config.db.url, async (client) => {
    const applied = await migrations(client);
    if (applied.join() !== backup.migrations.join()) {
      throw new Error(
        `the target is at other migrations than the backup (${applied.length} applied, the backup has ${backup.migrations.length}): restore into a stack at the backup's migrations`,
      );
    }
    const targetTables = await tables(client);
    const missing = Object.keys(backup.tables).filter((t) => !targetTables.includes(t));
    if (missing.length) throw new Error(`the target has no ${missing.join(', ')}`);
    await client.query('begin');
    try {
      await client.query("set local session_replication_role = 'replica'");
      await client.query(`truncate ${targetTables.join(', ')}`);
      for (const [table, rows] of Object.entries(backup.tables)) {
        if (rows.length === 0) continue;
        // generated columns are computed again; identity columns keep their values
        const { rows: cols } = await client.query<{ name: string }>(
          `select format('%I', attname) as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
          [table],
        );
        const list = cols.map((c) => c.name).join(', ');
        await client.query(
          `insert into ${table} (${list}) overriding system value select ${list} from json_populate_recordset(null::${table}, $1::json)`,
          [JSON.stringify(rows)],
        );
      }
      for (const [name, { last_value, is_called }] of Object.entries(backup.sequences)) {
        if (last_value !== null) await client.query('select setval($1::regclass, $2::bigint, $3)', [name, last_value, is_called]);
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  });
  await reloadPostgrestSchema(config);
  return backup;
}
