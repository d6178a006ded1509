import { spawn, type ChildProcess } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@/scripts/stack/processes';
import { startFakeClerk, type FakeClerk } from '@/scripts/test/fake-clerk';
import { ACME, USERS } from '../helpers/seed';
import { config, keys, sql } from '../helpers/stack';

/**
 * The dashboard in Clerk mode, offline: a `next dev` of its own with AUTH_PROVIDER=clerk, a
 * production-type publishable key naming a host that does not exist, the fake Clerk's Backend
 * API, and CLERK_JWT_KEY = the PEM of the key the fake signs sessions with (the key PostgREST
 * trusts). A request carrying Clerk's two cookies, `__session` (the v2 session token) and
 * `__client_uat` (not after its iat), is verified by clerkMiddleware without any network call,
 * and the page renders the active organization's tickets from PostgREST with that same token.
 *
 * What it takes (each found by trying): the proxy must pass `jwtKey` (@clerk/nextjs 7 does not read
 * CLERK_JWT_KEY); a pk_live_ key (a pk_test_ one wants the dev-browser cookie, else a handshake
 * redirect to Clerk's Frontend API); the token's o.slg equal to the URL's slug (else the
 * organization-sync handshake); and the server listening where `localhost` resolves, because
 * clerkMiddleware rewrites the request to its own URL (http://localhost:<port>/…) to pass the
 * auth state on, and next dev proxies that rewrite.
 */
const root = path.resolve(import.meta.dirname, '../..');
const base = Number(process.env.TEST_PORT_BASE ?? 25320);
const port = base + 10;
const url = `http://127.0.0.1:${port}`;
const distDir = `.next-test-clerk-${base}`;

let fake: FakeClerk;
let next: ChildProcess | undefined;
let acmeClerkId = '';

function publicKeyPem(): string {
  const { kty, n, e } = keys.sessionPrivateJwk;
  return createPublicKey({ key: { kty, n, e }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
}

beforeAll(async () => {
  fake = await startFakeClerk({ privateJwk: keys.sessionPrivateJwk });
  const acme = fake.addOrganization('Acme', ACME.slug);
  acmeClerkId = acme.id;
  fake.setMembership(acme.id, USERS.acmeOwner, 'org:owner');
  fake.setMembership(acme.id, USERS.globexOwner, 'org:owner');
  await sql('update public.organizations set clerk_org_id = $1 where id = $2', [acme.id, ACME.id]);

  writeFileSync(path.join(root, `tsconfig.${distDir.replace(/^\./, '')}.json`), '{ "extends": "./tsconfig.json" }\n');
  mkdirSync(path.join(root, 'artifacts'), { recursive: true });
  const log = openSync(path.join(root, 'artifacts', `next-dev-clerk-${port}.log`), 'w');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: '1',
    AUTH_PROVIDER: 'clerk',
    NEXT_PUBLIC_SUPABASE_URL: config.apiUrl,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: keys.anonKey,
    CLERK_SECRET_KEY: fake.secretKey,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_live_${Buffer.from('clerk.fake.test$').toString('base64')}`,
    CLERK_JWT_KEY: publicKeyPem(),
    // any Backend API call the SDK would make goes to the fake, never to the Internet
    CLERK_API_URL: fake.url,
    CLERK_WEBHOOK_SIGNING_SECRET: keys.webhookSecret,
  };
  delete env.LOCAL_AUTH_PRIVATE_JWK;
  delete env.CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH;
  next = spawn(path.join(root, 'node_modules/.bin/next'), ['dev', '--port', String(port), '--hostname', 'localhost'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log],
    env,
  });
  // the first compile of the dashboard takes minutes on a loaded machine: done here, once
  await waitFor('next dev in Clerk mode', async () => (await fetch(`${url}/api/health`)).ok, 300_000);
  await dashboard(`/dashboard/${ACME.slug}/tickets`, await fake.sessionToken(USERS.acmeOwner, acmeClerkId, { ttlSeconds: 1200 }));
}, 1_200_000);

afterAll(async () => {
  await sql('update public.organizations set clerk_org_id = null where id = $1', [ACME.id]);
  if (next?.pid) {
    try {
      process.kill(-next.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await fake?.close();
});

/**
 * A GET as a browser navigation would send it. node:http, not fetch: the first render compiles the
 * dashboard, which can take longer than fetch's five-minute wait for response headers.
 */
function dashboard(pathname: string, token: string | null): Promise<{ status: number; headers: http.IncomingHttpHeaders; html: string }> {
  const cookie = token ? `__session=${token}; __client_uat=${Math.floor(Date.now() / 1000) - 60}` : '';
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}${pathname}`, { headers: { cookie, 'sec-fetch-dest': 'document' } }, (res) => {
      let html = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (html += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, html }));
    });
    req.on('error', reject);
  });
}

describe('the dashboard in Clerk mode (offline, CLERK_JWT_KEY)', () => {
  it("renders the active organization's tickets for a session signed by the fake Clerk's key", async () => {
    const token = await fake.sessionToken(USERS.acmeOwner, acmeClerkId, { ttlSeconds: 600 });
    const res = await dashboard(`/dashboard/${ACME.slug}/tickets`, token);
    expect(res.status).toBe(200);
    expect(res.headers['x-clerk-auth-status']).toBeUndefined();
    const html = res.html;
    // the list's first page shows the newest tickets (other test files add some)
    const [ticket] = await sql<{ ref: string }>('select ref from public.tickets where organization_id = $1 order by created_at desc, id limit 1', [
      ACME.id,
    ]);
    expect(html).toContain(ticket!.ref);
  }, 120_000);

  it('sends a request without a session to the sign-in page', async () => {
    const res = await dashboard(`/dashboard/${ACME.slug}/tickets`, null);
    expect(res.status).toBe(307);
    expect(res.headers.location).toContain('/sign-in');
  });

  it("shows none of Acme's tickets to a session whose Clerk org is linked but who is no member here", async () => {
    // Clerk says Globex's owner is in Acme; Postgres, the source of truth, does not
    const token = await fake.sessionToken(USERS.globexOwner, acmeClerkId, { ttlSeconds: 600 });
    const { html } = await dashboard(`/dashboard/${ACME.slug}/tickets`, token);
    const refs = await sql<{ ref: string }>('select ref from public.tickets where organization_id = $1', [ACME.id]);
    for (const { ref } of refs) expect(html).not.toContain(ref);
  }, 120_000);
});
