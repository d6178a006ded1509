import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/scripts/stack/config';
import { withClient } from '@/scripts/stack/database';
import * as postgres from '@/scripts/stack/postgres';
import { ACME, USERS } from '../helpers/seed';
import { config, keys } from '../helpers/stack';

const root = path.resolve(import.meta.dirname, '../..');
const stack = (...args: string[]) => stackWith(process.env, ...args);
const stackWith = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/stack/cli.ts', ...args], { cwd: root, env, encoding: 'utf8' });

describe('npm run stack', () => {
  it('status --json reports every service running, with the URLs and keys', () => {
    const result = stack('status', '--json');
    expect(result.status).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status.running).toBe(true);
    expect(Object.values(status.services).every((s) => (s as { running: boolean }).running)).toBe(true);
    expect(status.supabaseUrl).toBe(config.apiUrl);
    expect(status.dbUrl).toBe(config.db.url);
    expect(decodeJwt(status.anonKey).role).toBe('anon');
  });

  it('a second up says the stack is already running and succeeds', () => {
    const result = stack('up');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('already running');
  });

  it('token prints a short-lived Clerk-shaped session token for the user', () => {
    const result = stack('token', '--user', USERS.acmeAgent);
    expect(result.status).toBe(0);
    const claims = decodeJwt(result.stdout.trim());
    expect(claims.sub).toBe(USERS.acmeAgent);
    expect(claims.role).toBe('authenticated');
    expect(claims.o).toEqual({ id: ACME.id, rol: 'agent', slg: ACME.slug });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(3600);
    // signed with the sessions key, not the key of the anon and service_role keys
    expect(decodeProtectedHeader(result.stdout.trim()).kid).toBe(keys.sessionPrivateJwk.kid);
  });

  it('token without --user fails with a clear message', () => {
    const result = stack('token');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--user');
  });

  it('runs Postgres for a stack dir the postgres OS user cannot enter (a clone under /root), and status says where its data is', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'concierge-private-'));
    expect(statSync(home).mode & 0o777).toBe(0o700);
    // the test stack's own port plus one: free, and apart from other port bases
    const env = { ...process.env, STACK_DIR: path.join(home, 'stack'), STACK_DB_PORT: String(config.ports.db + 1), STACK_FAST_UNSAFE: '1' };
    const privateStack = loadConfig(env);
    try {
      postgres.initialise(privateStack);
      postgres.start(privateStack);
      const answer = await withClient(privateStack.db.url, (client) => client.query<{ ok: number }>('select 1 as ok'));
      expect(answer.rows[0]?.ok).toBe(1);
      const { data } = postgres.pgDirs(privateStack);
      // as root Postgres runs as the postgres OS user, which cannot enter `home`: its data lives outside
      expect(data.startsWith(`${postgres.OUTSIDE_ROOT}/`)).toBe(process.getuid?.() === 0);
      const status = stackWith(env, 'status', '--json');
      expect(status.status).toBe(0);
      expect(JSON.parse(status.stdout).postgresDataDir).toBe(data);
    } finally {
      postgres.stop(privateStack);
      const { root: pgRoot } = postgres.pgDirs(privateStack);
      if (pgRoot.startsWith(postgres.OUTSIDE_ROOT)) rmSync(path.dirname(pgRoot), { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  });
});
