import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDistDir } from '@/scripts/test/app-build';
import { testAppEnv, withoutBehaviourVariables } from '@/scripts/test/test-stack-env';
import { appUrl } from '../helpers/app';
import { config, keys } from '../helpers/stack';

/**
 * The app under test is a production build (`next build` once per run, then `next start`), so the
 * branches that exist only there are what the other app and browser tests exercise; these check
 * them by name, and that the run's settings are its own (a developer's shell or `.env.local`
 * cannot change them).
 */
const root = path.resolve(import.meta.dirname, '../..');
let app: string;
beforeAll(async () => {
  app = await appUrl();
});

describe('the production server', () => {
  it('lets browsers and CDNs cache /widget.js for five minutes (development revalidates every load)', async () => {
    const res = await fetch(`${app}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it("sends the production CSP: no 'unsafe-eval' (only Next's dev overlay needs it), no framing", async () => {
    const res = await fetch(`${app}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain(`connect-src 'self' ${config.apiUrl}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('carries the insecure sign-in banner, the price of running local sign-in in production', async () => {
    const html = await (await fetch(`${app}/sign-in`)).text();
    expect(html).toContain('data-testid="insecure-local-auth-banner"');
  });
});

/** Every file under dir, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

describe('the browser bundles of the build', () => {
  // what the build ran with (testAppEnv): the server's secrets were in its environment
  const secrets = {
    'the session signing key': keys.sessionPrivateJwk.d,
    'the Clerk webhook secret': keys.webhookSecret,
    'the service role key': keys.serviceRoleKey,
  };
  const chunks = () => filesUnder(path.join(testDistDir, 'static')).filter((f) => f.endsWith('.js'));

  it('hold no server secret', () => {
    const files = chunks();
    expect(files.length).toBeGreaterThan(5);
    const all = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    // positive control: the chunks are the app's own client code
    expect(all.includes('insecure-local-auth-banner') || all.includes('__NEXT_DATA__') || all.includes('TURBOPACK')).toBe(true);
    for (const [name, value] of Object.entries(secrets)) expect(all.includes(value), name).toBe(false);
  });

  it("hold no server-only module: `server-only`'s guard, which a client import would pull in, is in none", () => {
    const guard = 'cannot be imported from a Client Component module';
    expect(readFileSync(path.join(root, 'node_modules/server-only/index.js'), 'utf8')).toContain(guard);
    for (const file of chunks()) expect(readFileSync(file, 'utf8').includes(guard), path.relative(testDistDir, file)).toBe(false);
  });
});

describe('a hermetic test app', () => {
  // the names the app reads from its environment at runtime or at build time
  const readByApp = () => {
    const names = new Set<string>();
    const sources = [
      ...filesUnder(path.join(root, 'lib')),
      ...filesUnder(path.join(root, 'app')),
      path.join(root, 'next.config.ts'),
      path.join(root, 'proxy.ts'),
    ].filter((f) => /\.tsx?$/.test(f));
    for (const file of sources) {
      for (const m of readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z_][A-Z0-9_]*[A-Z0-9])\b|runtimeEnv\('([A-Z_][A-Z0-9_]*)'\)/g))
        names.add(m[1] ?? m[2]!);
    }
    return names;
  };

  it('sets every variable the app reads explicitly', () => {
    const env = testAppEnv(config, keys);
    const names = readByApp();
    expect(names.has('AUTH_PROVIDER')).toBe(true);
    for (const name of names) expect(Object.keys(env), name).toContain(name);
  });

  let dir: string;
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("wins over a hostile `.env.local` (and the other .env files): Next's own loader keeps every test value", () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hostile-env-'));
    const env = testAppEnv(config, keys);
    const hostile = [...readByApp()].map((name) => `${name}=hostile-${name}`).join('\n');
    for (const file of ['.env.local', '.env.production.local', '.env.production', '.env']) writeFileSync(path.join(dir, file), `${hostile}\n`);
    const script = `const { loadEnvConfig } = require(${JSON.stringify(path.join(root, 'node_modules/@next/env'))});
      const { loadedEnvFiles } = loadEnvConfig(${JSON.stringify(dir)}, false, { info() {}, error() {} });
      process.stdout.write(JSON.stringify({ files: loadedEnvFiles.map((f) => f.path), env: process.env }));`;
    const out = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as { files: string[]; env: Record<string, string> };
    // the files were read (positive control) ...
    expect(result.files).toContain('.env.local');
    // ... and changed nothing the app reads
    for (const name of readByApp()) expect(result.env[name], name).toBe(env[name]);
  });

  it("passes none of the caller's settings to the stack: AI_*, OPENAI_*, WIDGET_*, Clerk keys, … are dropped", () => {
    const hostile = {
      PATH: '/usr/bin',
      AI_PROVIDER: 'openai',
      OPENAI_BASE_URL: 'http://evil.example',
      WIDGET_LIMIT_CHAT: '1/3600',
      TRUSTED_PROXY_HOPS: '5',
      CLERK_SECRET_KEY: 'sk_live_x',
      NEXT_PUBLIC_SUPABASE_URL: 'http://evil.example',
      AUTH_PROVIDER: 'clerk',
      CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH: '0',
      STACK_TRUST_FORWARDED: '0',
      DNS_NAMESERVER: '10.0.0.1:53',
      NODE_ENV: 'production' as const,
    };
    expect(withoutBehaviourVariables(hostile)).toEqual({ PATH: '/usr/bin' });
    // and this run's own processes got the explicit values
    expect(process.env.AI_PROVIDER).toBe('local');
    expect(process.env.TRUSTED_PROXY_HOPS).toBe('1');
    expect(process.env.CLERK_SECRET_KEY).toBeUndefined();
  });
});
