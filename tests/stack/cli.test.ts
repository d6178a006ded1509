import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { ACME, USERS } from '../helpers/seed';
import { config, keys } from '../helpers/stack';

const root = path.resolve(import.meta.dirname, '../..');
const stack = (...args: string[]) =>
  spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/stack/cli.ts', ...args], { cwd: root, encoding: 'utf8' });

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
});
