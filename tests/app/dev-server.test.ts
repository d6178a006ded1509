import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@/scripts/stack/processes';
import { writeDistTsconfig } from '@/scripts/test/app-build';
import { testAppEnv, testStackEnv } from '@/scripts/test/test-stack-env';
import { config, keys } from '../helpers/stack';

/**
 * The developer's path (`npm run dev` runs `next dev`): every other app test runs against the
 * production build, so this one starts `next dev` on a port and build dir of its own, loads the
 * front page and the dashboard's way to the sign-in, checks the development-only branches, and
 * stops it.
 */
const root = path.resolve(import.meta.dirname, '../..');
const port = Number(testStackEnv.TEST_APP_PORT) + 11;
const url = `http://127.0.0.1:${port}`;
const distDir = `${testStackEnv.NEXT_DIST_DIR}-dev`;
let next: ChildProcess;

beforeAll(async () => {
  writeDistTsconfig(distDir);
  mkdirSync(path.join(root, 'artifacts'), { recursive: true });
  const log = openSync(path.join(root, 'artifacts', `next-dev-${port}.log`), 'w');
  next = spawn(path.join(root, 'node_modules/.bin/next'), ['dev', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log],
    // the test app's environment, in development mode as `npm run dev` runs it (no override needed)
    env: { ...testAppEnv(config, keys), NODE_ENV: 'development', NEXT_DIST_DIR: distDir, CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH: '' },
  });
  await waitFor('next dev', async () => (await fetch(`${url}/api/health`)).ok, 240_000);
}, 300_000);

afterAll(async () => {
  if (!next?.pid) return;
  try {
    process.kill(-next.pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  await waitFor(
    'next dev to stop',
    async () => {
      try {
        process.kill(-next.pid!, 0);
        return false;
      } catch {
        return true;
      }
    },
    15_000,
  ).catch(() => process.kill(-next.pid!, 'SIGKILL'));
});

// next dev compiles each page on its first request: minutes under load
describe('next dev (the developer path)', () => {
  it('serves the front page, with the development CSP (eval for the dev overlay) and no insecure sign-in banner', async () => {
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("'unsafe-eval'");
    const html = await res.text();
    expect(html).toContain('AI customer conversations for every organization');
    expect(html).not.toContain('data-testid="insecure-local-auth-banner"');
  }, 300_000);

  it('sends a signed-out visitor of the dashboard to the sign-in page, which lists the seeded users', async () => {
    const dashboard = await fetch(`${url}/dashboard`, { redirect: 'manual' });
    expect(dashboard.status).toBe(307);
    expect(new URL(dashboard.headers.get('location')!, url).pathname).toBe('/sign-in');
    const res = await fetch(`${url}/sign-in`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Ada Lovelace');
  }, 300_000);

  it('serves /widget.js for revalidation on every load, so an edited widget shows on reload', async () => {
    const res = await fetch(`${url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  }, 300_000);
});
