import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '@/scripts/stack/processes';
import { ACME } from '../helpers/seed';
import { config, keys, sql } from '../helpers/stack';

/** The product's first page, served by `next dev` against the test stack, reads through PostgREST. */
const root = path.resolve(import.meta.dirname, '../..');
const port = 3101;
let next: ChildProcess;

beforeAll(async () => {
  next = spawn(path.join(root, 'node_modules/.bin/next'), ['dev', '--port', String(port)], {
    cwd: root,
    detached: true,
    stdio: 'ignore',
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_PUBLIC_SUPABASE_URL: config.apiUrl,
      NEXT_PUBLIC_SUPABASE_ANON_KEY: keys.anonKey,
      LOCAL_AUTH_ISSUER: config.issuer,
      LOCAL_AUTH_PRIVATE_JWK: JSON.stringify(keys.privateJwk),
    },
  });
  await waitFor('next dev', async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).ok, 90_000);
});

afterAll(() => {
  if (next.pid) process.kill(-next.pid, 'SIGTERM');
});

it("shows the demo owner's organization and ticket count, read through the stack", async () => {
  const res = await fetch(`http://127.0.0.1:${port}/`);
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('Ada Lovelace');
  expect(html).toContain('Acme Corp');
  expect(html).not.toContain('Globex');
  const [acme] = await sql<{ n: number }>('select count(*)::int as n from public.tickets where organization_id = $1', [ACME.id]);
  expect(html).toContain(`<p class="stat__value">${acme?.n}</p><p class="stat__label">tickets visible to you`);
});
