import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUserEvent, sendUserEvent } from '@/lib/auth/clerk-events';
import { startFunctionsRuntime } from '../helpers/functions-runtime';
import { ACME } from '../helpers/seed';
import { config, keys, sql, tokenFor } from '../helpers/stack';
import { functionsUrl, nextIp, post, startSession } from '../helpers/widget';

/**
 * Edge Function paths no other file walks: the health check, widget-messages with `after`,
 * summarize's refusals, and, in a second runtime whose PostgREST is a fake that fails on cue and
 * whose limits are lowered with WIDGET_LIMIT_* overrides: ingest's per-IP and per-key limits, its
 * 503 for a statement timeout and 500 (with nothing of the database's text) for anything else,
 * the clerk webhook's 500 when the sync fails, a gateway's refusal for PostgREST answered as a 503,
 * and health reporting PostgREST down.
 */

describe('health', () => {
  it('answers GET with the runtime and PostgREST up, and refuses POST', async () => {
    const res = await fetch(`${functionsUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, rest: true, runtime: expect.stringMatching(/^deno \d+\./) });
    const postRes = await fetch(`${functionsUrl}/health`, { method: 'POST' });
    expect(postRes.status).toBe(405);
    expect((await postRes.json()).error.code).toBe('method_not_allowed');
  });
});

describe('widget-messages', () => {
  it('with `after` returns only the newer messages, oldest first', async () => {
    const session = await startSession('wk_acme_main', 'https://acme.com', {}, nextIp('198.51.100'));
    const times = ['2026-01-01T10:00:00.000Z', '2026-01-01T10:01:00.000Z', '2026-01-01T10:02:00.000Z'];
    for (const [i, at] of times.entries()) {
      await sql(`insert into public.messages (organization_id, conversation_id, sender_type, body, created_at) values ($1, $2, 'visitor', $3, $4)`, [
        ACME.id,
        session.conversation_id,
        `after test ${i}`,
        at,
      ]);
    }
    const list = async (after?: string) => {
      const res = await post('widget-messages', { session_token: session.session_token, ...(after ? { after } : {}) }, { ip: nextIp('198.51.100') });
      return { status: res.status, body: (await res.json()) as { messages?: { body: string }[]; error?: { code: string } } };
    };
    const all = await list();
    expect(all.status).toBe(200);
    expect(all.body.messages!.filter((m) => m.body.startsWith('after test')).map((m) => m.body)).toEqual([
      'after test 0',
      'after test 1',
      'after test 2',
    ]);
    const newer = await list(times[0]);
    expect(newer.status).toBe(200);
    expect(newer.body.messages!.map((m) => m.body)).toEqual(['after test 1', 'after test 2']);
    const none = await list('2026-01-01T10:02:00+00:00');
    expect(none.status).toBe(200);
    expect(none.body.messages).toEqual([]);
    const bad = await list('yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error!.code).toBe('invalid_request');
  });
});

describe('summarize refuses', () => {
  const summarize = (token: string, body: string) =>
    fetch(`${functionsUrl}/summarize`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });

  it("an admin's expired session token with 401", async () => {
    const expired = await tokenFor('user_acme_admin', { id: ACME.id, slug: ACME.slug, role: 'admin' }, -60);
    const res = await summarize(expired, '{}');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it.each([
    ['not json', 'invalid_json'],
    ['{"limit": 0}', 'invalid_request'],
    ['{"limit": "5"}', 'invalid_request'],
    ['{"force": true, "extra": 1}', 'invalid_request'],
    ['[]', 'invalid_request'],
  ])('the body %s with 400 %s', async (body, code) => {
    const admin = await tokenFor('user_acme_admin', { id: ACME.id, slug: ACME.slug, role: 'admin' });
    const res = await summarize(admin, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe(code);
  });
});

describe('with a fake PostgREST and lowered limits', () => {
  let fake: Server;
  let runtime: Awaited<ReturnType<typeof startFunctionsRuntime>>;
  let restUp = true;
  const seen: string[] = [];

  const bodyOf = (req: IncomingMessage) =>
    new Promise<Record<string, unknown>>((resolve) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {}));
    });

  beforeAll(async () => {
    fake = createServer((req, res) => void respond(req, res));
    async function respond(req: IncomingMessage, res: ServerResponse) {
      const body = await bodyOf(req);
      seen.push(req.url ?? '');
      const answer = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.url === '/rest/v1/') return answer(restUp ? 200 : 503, {});
      if (req.url === '/rest/v1/rpc/ingest_authenticate') {
        // the verified key id: one per key, so the per-key limit can be told apart
        return answer(200, `00000000-0000-4000-8000-${String(body.p_api_key).slice(-12)}`);
      }
      if (req.url === '/rest/v1/rpc/ingest_batch') {
        const first = (body.p_items as { idempotency_key?: string }[])[0]?.idempotency_key ?? '';
        if (first.startsWith('timeout'))
          return answer(500, { code: '57014', message: 'canceling statement due to statement timeout', details: null, hint: null });
        if (first.startsWith('broken')) {
          return answer(500, {
            code: 'XX000',
            message: 'could not read block 7 in file "base/5/16384" of table ingest_secret_table',
            details: null,
            hint: null,
          });
        }
        return answer(200, { results: [] });
      }
      if (req.url === '/rest/v1/rpc/summary_organizations') return answer(200, ['00000000-0000-4000-8000-00000000b0d6']);
      if (req.url === '/rest/v1/rpc/summary_candidates') {
        const transcript = {
          is_resolved: true,
          is_escalated: false,
          escalated_reason: null,
          messages: [{ sender_type: 'visitor', body: 'Where is my order?' }],
        };
        return answer(
          200,
          Array.from({ length: 5 }, (_, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, ...transcript })),
        );
      }
      if (req.url === '/rest/v1/rpc/store_summary') {
        // a slow database: each write takes 400 ms, so the 1 s budget ends the run after a few
        await new Promise((resolve) => setTimeout(resolve, 400));
        return answer(200, true);
      }
      if (req.url === '/rest/v1/rpc/widget_escalate') {
        // a burst queued on one organization's ticket counter, or a deadlock Postgres broke
        const code = { b: '57014', c: '40P01' }[String(body.p_session_token).slice(-1)];
        if (code) return answer(500, { code, message: 'canceling statement due to statement timeout', details: null, hint: null });
        // what the stack's gateway (as a hosted platform's) answers while PostgREST restarts
        return answer(502, { error: { code: 'upstream_unavailable', message: 'http://127.0.0.1:1 is not answering' } });
      }
      if (req.url === '/rest/v1/rpc/sync_clerk_event')
        return answer(503, { code: '08006', message: 'connection to the database was lost', details: null, hint: null });
      return answer(404, { code: 'PGRST202', message: 'not faked', details: null, hint: null });
    }
    await new Promise<void>((resolve) => fake.listen(0, config.host, resolve));
    const rest = `http://${config.host}:${(fake.address() as AddressInfo).port}`;
    runtime = await startFunctionsRuntime({
      SUPABASE_URL: rest,
      WIDGET_LIMIT_INGEST_IP: '4/60',
      WIDGET_LIMIT_INGEST_KEY: '2/60',
      SUMMARIZE_TIME_BUDGET_MS: '1000',
    });
  });

  afterAll(async () => {
    await runtime?.stop();
    await new Promise((resolve) => fake?.close(resolve));
  });

  const key = (tail: string) => `ck_live_${'0'.repeat(48 - tail.length)}${tail}`;
  const ingest = (apiKey: string, ip: string, idempotencyKey = 'ok-000000001') =>
    fetch(`${runtime.url}/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ items: [{ type: 'event', idempotency_key: idempotencyKey, name: 'visit' }] }),
    });

  it('health reports PostgREST down as ok: false, not a 500', async () => {
    restUp = false;
    try {
      const res = await fetch(`${runtime.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: false, rest: false });
    } finally {
      restUp = true;
    }
  });

  it('WIDGET_LIMIT_INGEST_KEY=2/60: a verified key gets two requests a minute, from any IP', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 3; i += 1) statuses.push((await ingest(key('aaaaaaaaaaaa'), `192.0.2.${i}`)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await ingest(key('aaaaaaaaaaaa'), '192.0.2.9');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await limited.json()).error.code).toBe('rate_limited');
    // another key is counted on its own
    expect((await ingest(key('bbbbbbbbbbbb'), '192.0.2.10')).status).toBe(200);
  });

  it('WIDGET_LIMIT_INGEST_IP=4/60: one address gets four requests a minute, whatever the keys', async () => {
    const checks = () => seen.filter((url) => url.endsWith('ingest_authenticate')).length;
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i += 1) statuses.push((await ingest(key(`c0000000000${i}`), '198.18.0.1')).status);
    const before = checks();
    statuses.push((await ingest(key('c00000000005'), '198.18.0.1')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    // refused before the key is checked: PostgREST never heard of the fifth
    expect(checks()).toBe(before);
    expect((await ingest(key('c00000000009'), '198.18.0.2')).status).toBe(200);
  });

  it('ingest answers a statement timeout with 503 and Retry-After', async () => {
    const res = await ingest(key('dddddddddddd'), '198.18.1.1', 'timeout-00000001');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await res.json()).error.code).toBe('timeout');
  });

  it("ingest answers any other database failure with 500 and a request id, none of the database's text", async () => {
    const res = await ingest(key('eeeeeeeeeeee'), '198.18.1.2', 'broken-00000001');
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string; request_id: string } };
    expect(body.error).toMatchObject({ code: 'internal_error', request_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(JSON.stringify(body)).not.toMatch(/ingest_secret_table|block 7|XX000/);
  });

  it('answers a gateway refusing for PostgREST with 503 and Retry-After, so the widget retries', async () => {
    const res = await fetch(`${runtime.url}/escalate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.18.1.3' },
      body: JSON.stringify({ session_token: `vst_${'a'.repeat(64)}`, email: 'retry@example.com' }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect((await res.json()) as unknown).toMatchObject({ error: { code: 'upstream_unavailable' } });
  });

  it("answers a statement timeout or a deadlock with 503 busy and Retry-After, none of the database's text", async () => {
    for (const tail of ['b', 'c']) {
      const res = await fetch(`${runtime.url}/escalate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.18.1.${tail === 'b' ? 4 : 5}` },
        body: JSON.stringify({ session_token: `vst_${tail.repeat(64)}`, email: 'busy@example.com' }),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'busy' } });
      expect(text).not.toMatch(/canceling statement/);
    }
  });

  it('summarize stops starting work when its time budget is spent, and says so', async () => {
    const started = Date.now();
    const res = await fetch(`${runtime.url}/summarize`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.cronSecret}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { summarized: number; stopped_early: boolean };
    expect(body.stopped_early).toBe(true);
    // five candidates at 400 ms each would take 2 s; the 1 s budget stops after two or three
    expect(body.summarized).toBeGreaterThan(0);
    expect(body.summarized).toBeLessThan(5);
    expect(Date.now() - started).toBeLessThan(2000 + 1500);
  });

  it('the clerk webhook answers 500 when the user sync fails, so Svix retries', async () => {
    const result = await sendUserEvent(
      `${runtime.url}/clerk-webhook`,
      keys.webhookSecret,
      buildUserEvent('user.created', { id: 'user_fake_sync', email: 'fake.sync@example.com', name: 'Fake Sync' }),
    ).catch((error: unknown) => error);
    expect(String(result)).toMatch(/500/);
    expect(seen).toContain('/rest/v1/rpc/sync_clerk_event');
  });
});
