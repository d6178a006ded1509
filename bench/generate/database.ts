import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, type StackConfig } from '../../scripts/stack/config';
import { databaseUrl, withClient } from '../../scripts/stack/database';

/**
 * A second database in the stack's Postgres with the same schema: the platform setup and every
 * migration, executed in order (what `supabase db push` does, without its bookkeeping; the
 * tenant-count scenario only reads it).
 */
export async function recreateDatabase(config: StackConfig, name: string): Promise<string> {
  if (!/^bench_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to recreate database "${name}": bench_* only`);
  await withClient(databaseUrl(config, 'template1'), async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });
  const url = databaseUrl(config, name);
  await withClient(url, async (client) => {
    // roles are cluster-wide and exist already; the rest of the platform setup is per database
    await client.query(readFileSync(config.paths.platformSql, 'utf8'));
    const dir = path.join(projectRoot, 'supabase/migrations');
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort()) {
      try {
        await client.query(readFileSync(path.join(dir, file), 'utf8'));
      } catch (error) {
        throw new Error(`${file}: ${(error as Error).message}`);
      }
    }
  });
  return url;
}

export async function dropDatabase(config: StackConfig, name: string): Promise<void> {
  if (!/^bench_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to drop database "${name}": bench_* only`);
  await withClient(databaseUrl(config, 'template1'), (client) => client.query(`drop database if exists ${name} with (force)`));
}
