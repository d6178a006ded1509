import { readFile } from 'node:fs/promises';
import pg from 'pg';
import type { StackConfig } from './config';
import type { StackKeys } from './keys';
import { supabaseCli } from './supabase-cli';

/** One short-lived connection for `run`, closed whatever happens. */
export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** The stack's database URL with another database name (template1, a bench database…). */
export function databaseUrl(config: StackConfig, database: string): string {
  return config.db.url.replace(/\/[^/]*$/, `/${database}`);
}

/**
 * Roles, auth helpers and default grants a hosted project has before its first migration. For a
 * new database only: the migrations narrow those grants, and a second run would widen them again.
 */
export async function applyPlatform(config: StackConfig, keys: StackKeys): Promise<void> {
  const sql = await readFile(config.paths.platformSql, 'utf8');
  await withClient(config.db.url, (client) => client.query(sql));
  await setAuthenticatorPassword(config, keys);
}

/** PostgREST logs in with the password in the state dir's keys, which may be newer than the database. */
export async function setAuthenticatorPassword(config: StackConfig, keys: StackKeys): Promise<void> {
  await withClient(config.db.url, (client) =>
    client.query(`alter role authenticator with login password '${keys.authenticatorPassword.replace(/'/g, "''")}'`),
  );
}

/** Applies pending migrations (and optionally the seed) with the Supabase CLI, as against a hosted project. */
export function pushMigrations(config: StackConfig, { seed }: { seed: boolean }): string {
  const args = ['db', 'push', `--remote=${config.db.url}`, '--yes'];
  if (seed) args.push('--include-seed');
  const result = supabaseCli(args);
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) throw new Error(pushFailure(output));
  return output;
}

/**
 * What a failed `db push` tells the developer. The CLI refuses a migration that sorts before one
 * already applied (a branch merged from main brings one) and suggests --include-all, which would
 * apply it out of order onto data the later migrations already shaped; rebuilding is the safe way.
 */
export function pushFailure(output: string): string {
  const outOfOrder = /--include-all/.test(output)
    ? 'A migration older than the newest applied one is new to this database (pulled with a merge). ' +
      'Rebuild the local database from all migrations and the seed: `npm run stack -- reset`.\n'
    : '';
  return `supabase db push failed:\n${outOfOrder}${output}`;
}

export async function isBootstrapped(config: StackConfig): Promise<boolean> {
  return withClient(config.db.url, async (client) => {
    const { rows } = await client.query(`select to_regclass('supabase_migrations.schema_migrations') is not null as ok`);
    return rows[0]?.ok === true;
  });
}

/** Drops and recreates the database, then rebuilds it from platform setup, migrations and seed. */
export async function rebuildDatabase(config: StackConfig, keys: StackKeys): Promise<void> {
  await withClient(databaseUrl(config, 'template1'), async (client) => {
    await client.query(`drop database if exists ${config.db.name} with (force)`);
    await client.query(`create database ${config.db.name}`);
  });
  await applyPlatform(config, keys);
  pushMigrations(config, { seed: true });
  await reloadPostgrestSchema(config);
}

export async function reloadPostgrestSchema(config: StackConfig): Promise<void> {
  await withClient(config.db.url, (client) => client.query(`notify pgrst, 'reload schema'`));
}
