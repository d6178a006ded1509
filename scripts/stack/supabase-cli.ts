import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { projectRoot, supabaseCliBinary } from './config';

/**
 * The Supabase CLI from node_modules, pointed at this project and at a plain database URL (the
 * local Postgres speaks no TLS, and nothing should phone home).
 */
export function supabaseCli(args: string[], options: Omit<SpawnSyncOptions, 'env' | 'encoding'> = {}) {
  return spawnSync(supabaseCliBinary, [...args, '--workdir', projectRoot], {
    ...options,
    encoding: 'utf8',
    env: { ...process.env, PGSSLMODE: 'disable', SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
}
