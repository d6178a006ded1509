import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor, type CheckId, type CheckResult } from '@/scripts/doctor/checks';
import { projectRoot } from '@/scripts/stack/config';
import { config, keys } from '../helpers/stack';

/**
 * `npm run doctor` against the test stack treated as a remote deployment (only its URLs, keys and
 * DB URL, as an operator would have them), with a fake Clerk Frontend API for the issuer and
 * JWKS, then against broken copies of that configuration, each of which must fail by name.
 */

/** A tiny Clerk Frontend API: OIDC discovery and a JWK set, with an issuer the test can change. */
async function fakeClerk() {
  const { publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'ins_doctor', alg: 'RS256', use: 'sig' };
  const state = { issuer: '' };
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/jwks.json') return res.end(JSON.stringify({ keys: [jwk] }));
    if (req.url === '/.well-known/openid-configuration') {
      return res.end(JSON.stringify({ issuer: state.issuer, jwks_uri: `${state.issuer}/.well-known/jwks.json` }));
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.issuer = origin;
  return { server, origin, state };
}

/**
 * A Supabase API whose functions are down (as an undeployed project's gateway); its PostgREST
 * refuses anon every table, as ours does, unless `state.anonReadsTables`.
 */
async function functionsDownGateway() {
  const state = { anonReadsTables: false };
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/rest/v1/')) {
      res.statusCode = state.anonReadsTables ? 200 : 401;
      return res.end(
        state.anonReadsTables ? '[]' : '{"code":"42501","details":null,"hint":null,"message":"permission denied for table organizations"}',
      );
    }
    res.statusCode = 503;
    res.end('{"message":"name resolution failed"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, state, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const publishableKeyFor = (host: string) => `pk_test_${Buffer.from(`${host}$`).toString('base64')}`;

let clerk: Awaited<ReturnType<typeof fakeClerk>>;
let down: Awaited<ReturnType<typeof functionsDownGateway>>;
let good: Record<string, string>;
let deadPort: number;

beforeAll(async () => {
  clerk = await fakeClerk();
  down = await functionsDownGateway();
  deadPort = await closedPort();
  good = {
    NODE_ENV: 'test',
    AUTH_PROVIDER: 'clerk',
    NEXT_PUBLIC_SUPABASE_URL: config.apiUrl,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: keys.anonKey,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyFor(new URL(clerk.origin).host),
    CLERK_SECRET_KEY: 'sk_test_doctor0123456789',
    CLERK_ISSUER: clerk.origin,
    CLERK_WEBHOOK_SIGNING_SECRET: keys.webhookSecret,
    SUPABASE_DB_URL: config.db.url,
  };
});

afterAll(async () => {
  await Promise.all([clerk, down].map(({ server }: { server: Server }) => new Promise((resolve) => server.close(resolve))));
});

const byId = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.id, r])) as Record<CheckId, CheckResult>;
const failed = (results: CheckResult[]) => results.filter((r) => r.status === 'fail').map((r) => r.id);

/** The checks a broken setting touches, without the slow database ones it does not concern. */
const network: CheckId[] = ['env', 'local-only', 'supabase-api', 'functions', 'webhook-secret', 'clerk-jwks', 'clerk-issuer'];

describe('npm run doctor', () => {
  it('passes every check on the test stack seen as a remote deployment', async () => {
    const results = await runDoctor({ env: good });
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
    const checks = byId(results);
    for (const id of ['env', 'supabase-api', 'functions', 'webhook-secret', 'clerk-jwks', 'clerk-issuer', 'migrations', 'advisors'] as const) {
      expect(checks[id].status, `${id}: ${checks[id].detail}`).toBe('pass');
    }
    expect(checks.migrations.detail).toBe(
      `all ${readdirSync(path.join(projectRoot, 'supabase/migrations')).filter((f) => f.endsWith('.sql')).length} migrations applied`,
    );
    // outside production the local-only settings are reported, not failed; the local stack has no pg_cron
    expect(checks['local-only']).toMatchObject({ status: 'skip' });
    expect(checks['summaries-cron']).toMatchObject({ status: 'skip' });
  }, 120_000);

  it('in production, the same stack fails only on what is local about it', async () => {
    const results = await runDoctor({ env: { ...good, NODE_ENV: 'production' } });
    expect(failed(results)).toEqual(['local-only', 'summaries-cron']);
    const local = byId(results)['local-only'];
    expect(local.detail).toContain('NEXT_PUBLIC_SUPABASE_URL points at this machine');
    expect(local.detail).toContain("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY is a Clerk development instance's key");
    expect(byId(results)['summaries-cron'].detail).toBe('pg_cron is not installed: conversations are never summarized');
  }, 120_000);

  it('a missing variable fails env, naming it, and skips what needs it', async () => {
    const results = await runDoctor({ env: { ...good, NEXT_PUBLIC_SUPABASE_ANON_KEY: '' }, only: network });
    expect(failed(results)).toEqual(['env']);
    expect(byId(results).env.detail).toBe('NEXT_PUBLIC_SUPABASE_ANON_KEY is missing');
    expect(byId(results)['supabase-api']).toMatchObject({ status: 'skip', detail: 'needs NEXT_PUBLIC_SUPABASE_ANON_KEY (unset)' });
  });

  it('Clerk mode without its secret key fails env', async () => {
    const results = await runDoctor({ env: { ...good, CLERK_SECRET_KEY: '' }, only: ['env'] });
    expect(byId(results).env).toMatchObject({ status: 'fail', detail: 'CLERK_SECRET_KEY is missing (AUTH_PROVIDER is "clerk")' });
  });

  it('a malformed URL and malformed keys fail env, each named', async () => {
    const env = { ...good, NEXT_PUBLIC_SUPABASE_URL: 'project.supabase.co', CLERK_WEBHOOK_SIGNING_SECRET: 'secret', SUPABASE_DB_URL: 'mysql://x' };
    const results = await runDoctor({ env, only: network });
    expect(failed(results)).toEqual(['env']);
    expect(byId(results).env.detail.split('; ')).toEqual([
      'NEXT_PUBLIC_SUPABASE_URL is not an http(s) URL',
      'CLERK_WEBHOOK_SIGNING_SECRET is not a Svix secret (whsec_ + base64)',
      'SUPABASE_DB_URL is not a postgresql:// URL',
    ]);
    expect(byId(results).functions.status).toBe('skip');
  });

  it('an unreachable Supabase URL fails supabase-api and functions', async () => {
    const results = await runDoctor({ env: { ...good, NEXT_PUBLIC_SUPABASE_URL: `http://127.0.0.1:${deadPort}` }, only: network });
    expect(failed(results)).toEqual(['supabase-api', 'functions', 'webhook-secret']);
    expect(byId(results)['supabase-api'].detail).toBe(
      `http://127.0.0.1:${deadPort}/rest/v1/organizations?select=id&limit=1 is unreachable (ECONNREFUSED)`,
    );
  });

  it('a wrong anon key fails supabase-api', async () => {
    const [header, , signature] = keys.anonKey.split('.');
    const forged = `${header}.${Buffer.from('{"role":"anon"}').toString('base64url')}.${signature}`;
    const results = await runDoctor({ env: { ...good, NEXT_PUBLIC_SUPABASE_ANON_KEY: forged }, only: ['supabase-api'] });
    expect(byId(results)['supabase-api']).toMatchObject({
      status: 'fail',
      detail: `${config.apiUrl}/rest/v1/organizations?select=id&limit=1 refused the anon key (HTTP 401)`,
    });
  });

  it('a project whose anon role reads tables fails supabase-api', async () => {
    down.state.anonReadsTables = true;
    try {
      const results = await runDoctor({ env: { ...good, NEXT_PUBLIC_SUPABASE_URL: down.origin }, only: ['supabase-api'] });
      expect(byId(results)['supabase-api']).toMatchObject({
        status: 'fail',
        detail: `${down.origin}/rest/v1/organizations?select=id&limit=1: anon reads public.organizations`,
      });
    } finally {
      down.state.anonReadsTables = false;
    }
  });

  it('functions that are down fail functions', async () => {
    const results = await runDoctor({ env: { ...good, NEXT_PUBLIC_SUPABASE_URL: down.origin }, only: ['supabase-api', 'functions'] });
    expect(byId(results)['supabase-api'].status).toBe('pass');
    expect(byId(results).functions).toMatchObject({ status: 'fail', detail: `${down.origin}/functions/v1/health answered HTTP 503` });
  });

  it('a webhook secret the function does not hold fails webhook-secret', async () => {
    const other = `whsec_${Buffer.from('another secret of 24 bytes').toString('base64')}`;
    const results = await runDoctor({ env: { ...good, CLERK_WEBHOOK_SIGNING_SECRET: other }, only: ['webhook-secret'] });
    expect(byId(results)['webhook-secret']).toMatchObject({
      status: 'fail',
      detail: 'clerk-webhook refused a delivery signed with CLERK_WEBHOOK_SIGNING_SECRET: the function holds another secret',
    });
  });

  it('an unreachable Clerk JWKS fails clerk-jwks', async () => {
    const host = `127.0.0.1:${deadPort}`;
    const env = { ...good, CLERK_ISSUER: `http://${host}`, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyFor(host) };
    const results = await runDoctor({ env, only: ['clerk-jwks'] });
    expect(byId(results)['clerk-jwks']).toMatchObject({
      status: 'fail',
      detail: `http://${host}/.well-known/jwks.json is unreachable (ECONNREFUSED)`,
    });
  });

  it('an issuer other than the one tokens carry fails clerk-issuer', async () => {
    clerk.state.issuer = 'https://clerk.other.example';
    try {
      const results = await runDoctor({ env: good, only: ['clerk-jwks', 'clerk-issuer'] });
      expect(failed(results)).toEqual(['clerk-issuer']);
      expect(byId(results)['clerk-issuer'].detail).toBe(`issuer mismatch: tokens will say iss=https://clerk.other.example, expected ${clerk.origin}`);
    } finally {
      clerk.state.issuer = clerk.origin;
    }
  });

  it('a CLERK_ISSUER of another instance than the publishable key fails clerk-issuer', async () => {
    const env = { ...good, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyFor('clerk.acme.example') };
    const results = await runDoctor({ env, only: ['clerk-issuer'] });
    expect(byId(results)['clerk-issuer']).toMatchObject({
      status: 'fail',
      detail: `CLERK_ISSUER is ${clerk.origin} but NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY belongs to clerk.acme.example`,
    });
  });

  it('a migration the database lacks fails migrations, naming it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'doctor-migrations-'));
    const source = path.join(projectRoot, 'supabase/migrations');
    for (const file of readdirSync(source)) copyFileSync(path.join(source, file), path.join(dir, file));
    writeFileSync(path.join(dir, '29991231000000_create_future_table.sql'), 'select 1;\n');
    const results = await runDoctor({ env: good, only: ['migrations'], migrationsDir: dir });
    expect(byId(results).migrations).toMatchObject({ status: 'fail', detail: '1 migration(s) not applied: 29991231000000' });
  });

  it('a local-only setting in production fails local-only, each named', async () => {
    const env = {
      NODE_ENV: 'production',
      AUTH_PROVIDER: 'local',
      CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH: '1',
      STACK_DB_PORT: '54322',
      NEXT_PUBLIC_SUPABASE_URL: 'http://localhost:54321',
    };
    const results = await runDoctor({ env, only: ['local-only'] });
    expect(byId(results)['local-only'].detail.split('; ')).toEqual([
      'AUTH_PROVIDER=local (anyone signs in as anyone, without a password)',
      'CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH is set',
      'local stack variables are set (STACK_DB_PORT)',
      'NEXT_PUBLIC_SUPABASE_URL points at this machine (localhost:54321)',
    ]);
    const plainHttp = await runDoctor({ env: { NODE_ENV: 'production', NEXT_PUBLIC_SUPABASE_URL: 'http://abc.supabase.co' }, only: ['local-only'] });
    expect(byId(plainHttp)['local-only']).toMatchObject({ status: 'fail', detail: 'NEXT_PUBLIC_SUPABASE_URL is not https' });
  });

  it('the command prints each check and exits 1 on a failure, 0 without', async () => {
    // asynchronously: the fake Clerk in this process has to answer the command
    const run = (vars: Record<string, string>) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        const args = ['scripts/doctor.ts', '--only', network.join(',')];
        // only the deployment's variables: the test runner's STACK_* must not leak in
        const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', PATH: process.env.PATH, HOME: process.env.HOME, ...vars };
        const options = { cwd: projectRoot, encoding: 'utf8' as const, env };
        execFile(path.join(projectRoot, 'node_modules/.bin/tsx'), args, options, (error, stdout, stderr) =>
          resolve({ status: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    const ok = await run(good);
    expect(ok.stdout).toContain('✔ functions');
    expect(ok.stdout).toContain('7 checks: 6 passed, 0 failed, 1 skipped');
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    const broken = await run({ ...good, NEXT_PUBLIC_SUPABASE_URL: `http://127.0.0.1:${deadPort}` });
    expect(broken.stdout).toMatch(
      /✘ functions +http:\/\/127\.0\.0\.1:\d+\/functions\/v1\/health is unreachable \(ECONNREFUSED\)\n +fix: npm run supabase -- functions deploy/,
    );
    expect(broken.status).toBe(1);
  }, 60_000);
});
