import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { authMode } from '@/lib/env/auth-mode';
import { appEnv } from '@/scripts/stack/app-env';
import { appUrl } from '../helpers/app';
import { config, keys } from '../helpers/stack';

/**
 * Issue 10, item 1: the local sign-in (email, no password) never runs in production by accident.
 * `next start` is started for real: next.config.ts is evaluated before Next looks for a build, so
 * a refused start fails on its message, and an allowed one gets as far as "no production build"
 * (a build dir that is never built: the run's own build serves the other tests).
 */
const root = path.resolve(import.meta.dirname, '../..');
const startPort = Number(process.env.TEST_APP_PORT ?? 3101) + 10;

function nextStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const base: Record<string, string | undefined> = { ...process.env, ...appEnv(config, keys) };
  delete base.AUTH_PROVIDER;
  delete base.CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH;
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules/.bin/next'), ['start', '--port', String(startPort), '--hostname', '127.0.0.1'], {
      cwd: root,
      env: { ...base, NODE_ENV: 'production', NEXT_DIST_DIR: '.next-test-never-built', NEXT_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const NO_BUILD = 'Could not find a production build';

describe('next start in production', () => {
  it('refuses to start without AUTH_PROVIDER, naming the variable', async () => {
    const { code, output } = await nextStart({});
    expect(code).not.toBe(0);
    expect(output).toContain('Concierge refuses to start: AUTH_PROVIDER is required');
    expect(output).not.toContain(NO_BUILD);
  });

  it('refuses an AUTH_PROVIDER that is neither clerk nor local', async () => {
    const { code, output } = await nextStart({ AUTH_PROVIDER: 'none' });
    expect(code).not.toBe(0);
    expect(output).toContain('Concierge refuses to start: AUTH_PROVIDER is "none"');
  });

  it('refuses the local sign-in without the override, naming CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH', async () => {
    const { code, output } = await nextStart({ AUTH_PROVIDER: 'local' });
    expect(code).not.toBe(0);
    expect(output).toContain('Concierge refuses to start: CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH is not "1"');
    expect(output).not.toContain(NO_BUILD);
  });

  it('refuses Clerk without its keys, naming the missing one', async () => {
    const { code, output } = await nextStart({ AUTH_PROVIDER: 'clerk', CLERK_SECRET_KEY: 'sk_test_x' });
    expect(code).not.toBe(0);
    expect(output).toContain('Concierge refuses to start: NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY is required');
  });

  it('lets the local sign-in with the override, and Clerk with its keys, past the check (positive control)', async () => {
    const clerk = { AUTH_PROVIDER: 'clerk', CLERK_SECRET_KEY: 'sk_test_x', NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_test_x' };
    for (const env of [{ AUTH_PROVIDER: 'local', CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH: '1' }, clerk]) {
      const { output } = await nextStart(env);
      expect(output).not.toContain('refuses to start');
      expect(output).toContain(NO_BUILD);
    }
  }, 60_000);
});

describe('the auth mode rule (lib/env/auth-mode.ts, also behind serverEnv)', () => {
  it('has no default provider and takes the override only as "1"', () => {
    expect(authMode({ NODE_ENV: 'development' })).toMatchObject({ ok: false, variable: 'AUTH_PROVIDER' });
    expect(authMode({ NODE_ENV: 'production', AUTH_PROVIDER: 'local', CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH: 'true' })).toMatchObject({
      ok: false,
      variable: 'CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH',
    });
    expect(authMode({ NODE_ENV: 'development', AUTH_PROVIDER: 'local' })).toEqual({ ok: true, provider: 'local', insecureLocalAuth: false });
    expect(authMode({ NODE_ENV: 'production', AUTH_PROVIDER: 'local', CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH: '1' })).toEqual({
      ok: true,
      provider: 'local',
      insecureLocalAuth: true,
    });
    const clerkKeys = { CLERK_SECRET_KEY: 'sk_test_x', NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_test_x' };
    expect(authMode({ NODE_ENV: 'production', AUTH_PROVIDER: 'clerk', CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH: '1', ...clerkKeys })).toEqual({
      ok: true,
      provider: 'clerk',
      insecureLocalAuth: false,
    });
  });
});

describe('the insecure sign-in banner', () => {
  // The suite's next start runs with the override (scripts/test/test-stack-env.ts), as a
  // production server in local mode must: every page, whatever its layout, carries the banner.
  let app: string;
  beforeAll(async () => {
    app = await appUrl();
  });

  for (const page of ['/', '/sign-in', '/demo/acme', '/no-such-page']) {
    it(`is on ${page}`, async () => {
      const html = await (await fetch(`${app}${page}`)).text();
      expect(html).toContain('data-testid="insecure-local-auth-banner"');
      expect(html).toContain('Local insecure sign-in is enabled');
    });
  }
});
