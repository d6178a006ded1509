import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, waitFor } from '@/scripts/stack/processes';
import { startGateway } from '@/scripts/stack/services';
import type { FakeOpenAI } from '@/scripts/test/fake-openai';
import { startOpenAIRuntime } from '../helpers/functions-runtime';
import { config, keys, sql } from '../helpers/stack';
import { doneOf, nextIp, post, readEvents, type Session, startSession } from '../helpers/widget';

/**
 * Quotas that hold in Postgres whoever calls (supabase/migrations/20261201000200_create_quotas.sql):
 * new sessions and escalations per website, AI turns per organization; and the per-IP limits of
 * the functions keyed on the address the trusted proxy appended, not on what a client sends.
 * Each test uses an organization of its own, so the counts are its own.
 */

interface Quotas {
  sessions_per_minute?: number;
  escalations_per_hour?: number;
  ai_turns_per_day?: number;
}

/** A fresh organization with one website (and optionally an article), with quota overrides. */
async function organization(quotas: Quotas, article?: { title: string; body: string }) {
  const tag = randomUUID().slice(0, 8);
  const [org] = await sql<{ id: string }>("insert into public.organizations (slug, name, ticket_prefix) values ($1, $2, 'QTA') returning id", [
    `quota-${tag}`,
    `Quota ${tag}`,
  ]);
  const origin = `https://${tag}.quota.example`;
  const [site] = await sql<{ public_key: string }>(
    'insert into public.websites (organization_id, domain, name, allowed_origins) values ($1, $2, $3, $4) returning public_key',
    [org!.id, `${tag}.quota.example`, `Quota ${tag}`, [origin]],
  );
  await sql(
    'insert into private.organization_quotas (organization_id, sessions_per_minute, escalations_per_hour, ai_turns_per_day) values ($1, $2, $3, $4)',
    [org!.id, quotas.sessions_per_minute ?? null, quotas.escalations_per_hour ?? null, quotas.ai_turns_per_day ?? null],
  );
  if (article) {
    await sql('insert into public.articles (organization_id, title, slug, is_published, body) values ($1, $2, $3, true, $4)', [
      org!.id,
      article.title,
      `article-${tag}`,
      article.body,
    ]);
  }
  return { id: org!.id, websiteKey: site!.public_key, origin };
}

const rpc = (name: string, body: object) =>
  fetch(`${config.apiUrl}/rest/v1/rpc/${name}`, {
    method: 'POST',
    headers: { apikey: keys.anonKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Calls `call` until it answers 429 (at most `times`); a window may roll over once on the way. */
async function untilRefused(times: number, call: () => Promise<Response>) {
  const statuses: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const res = await call();
    statuses.push(res.status);
    if (res.status === 429) return { statuses, refused: res };
    await res.body?.cancel();
  }
  return { statuses, refused: undefined };
}

describe('quotas in Postgres, whoever calls', () => {
  it('direct widget_start_session calls through the gateway with the anon key hit the website quota', async () => {
    const org = await organization({ sessions_per_minute: 3 });
    const { statuses, refused } = await untilRefused(8, () => rpc('widget_start_session', { p_website_key: org.websiteKey, p_origin: org.origin }));
    expect(refused, `statuses ${statuses.join(',')}`).toBeDefined();
    // 3 per window; a minute boundary during the loop can let at most one more window through
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(6);
    const error = (await refused!.json()) as { code: string; message: string; hint: string };
    expect(error.code).toBe('PT429');
    expect(error.message).toMatch(/^quota exceeded: at most 3 new sessions per website per minute/);
    expect(error.hint).toMatch(/^retry-after=\d+ quota=sessions_per_minute$/);
    expect(Number(/^retry-after=(\d+)/.exec(error.hint)?.[1])).toBeGreaterThanOrEqual(1);
    const [count] = await sql<{ n: string }>(
      'select count(*) as n from public.visitor_sessions s join public.websites w on w.id = s.website_id where w.public_key = $1',
      [org.websiteKey],
    );
    expect(Number(count!.n)).toBe(statuses.filter((s) => s === 200).length);
  });

  it('the widget-session function answers a website over its quota with 429, Retry-After and the JSON error shape', async () => {
    const org = await organization({ sessions_per_minute: 2 });
    const { statuses, refused } = await untilRefused(6, () =>
      post('widget-session', { website_key: org.websiteKey }, { origin: org.origin, ip: nextIp('198.51.101') }),
    );
    expect(refused, `statuses ${statuses.join(',')}`).toBeDefined();
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused!.json()).toEqual({
      error: { code: 'quota_exceeded', message: expect.stringMatching(/at most 2 new sessions per website per minute/) },
    });
  });

  it('the escalate function answers a website over its hourly escalation quota with 429 and Retry-After', async () => {
    const org = await organization({ escalations_per_hour: 1 });
    const sessions: Session[] = [];
    for (let i = 0; i < 3; i += 1) sessions.push(await startSession(org.websiteKey, org.origin));
    let n = 0;
    const { statuses, refused } = await untilRefused(3, () =>
      post('escalate', { session_token: sessions[n++]!.session_token, email: 'flood@example.com' }, { ip: nextIp('198.51.102') }),
    );
    expect(refused, `statuses ${statuses.join(',')}`).toBeDefined();
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await refused!.json()).toMatchObject({ error: { code: 'quota_exceeded' } });
  });
});

describe('with a runtime of its own: the AI budget, max_tokens and the production-mode client IP', () => {
  let runtime: Awaited<ReturnType<typeof startOpenAIRuntime>>;
  let fake: FakeOpenAI;
  let gatewayPid: number | undefined;
  // the API port + 2 is free in every stack layout (the database is + 1)
  const gatewayUrl = `http://${config.host}:${config.ports.api + 2}`;

  beforeAll(async () => {
    runtime = await startOpenAIRuntime('fake-quota-model', { OPENAI_MAX_TOKENS: '77', WIDGET_LIMIT_SESSION: '3/60' });
    fake = runtime.fake;
    // a gateway in production mode (not trusting a client's X-Forwarded-For) in front of it; its pid
    // is kept before the wait, so afterAll stops it even when it never answered
    const gatewayConfig = {
      ...config,
      ports: { ...config.ports, api: config.ports.api + 2, functions: Number(new URL(runtime.url).port) },
      paths: { ...config.paths, logs: mkdtempSync(path.join(tmpdir(), 'gateway-')) },
    };
    gatewayPid = startGateway(gatewayConfig, keys, false);
    const pid = gatewayPid;
    await waitFor('production-mode gateway', async () => !isAlive(pid) || (await fetch(`${gatewayUrl}/health`)).ok, 30_000);
    if (!isAlive(pid)) throw new Error(`production-mode gateway did not start: see ${gatewayConfig.paths.logs}/gateway.log`);
  });

  afterAll(async () => {
    const pid = gatewayPid;
    if (pid && isAlive(pid)) {
      process.kill(pid, 'SIGTERM');
      await waitFor('production-mode gateway to stop', async () => !isAlive(pid), 10_000);
    }
    await runtime?.stop();
  });

  it('spoofed X-Forwarded-For values do not escape the per-IP limit in production mode', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i += 1) {
      // a session start for a website that does not exist: refused by the database, counted first
      const res = await fetch(`${gatewayUrl}/functions/v1/widget-session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://spoof.example', 'x-forwarded-for': `10.66.0.${i}` },
        body: JSON.stringify({ website_key: 'wk_spoofcheck0000' }),
      });
      statuses.push(res.status);
      await res.body?.cancel();
    }
    // WIDGET_LIMIT_SESSION=3/60: the proxy-appended address is counted, whatever the client wrote
    expect(statuses).toEqual([404, 404, 404, 429, 429, 429]);
  });

  it("chat over the organization's daily AI budget does not call the model and offers a person", async () => {
    const org = await organization(
      { ai_turns_per_day: 1 },
      {
        title: 'Returns and refunds',
        body: 'You can return any unused item within 30 days of delivery. Refunds go back to the original payment method within 5-10 business days after we receive the item.',
      },
    );
    const session = await startSession(org.websiteKey, org.origin);
    const chatDirect = (clientMsgId: string) =>
      fetch(`${runtime.url}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp('198.18.1') },
        body: JSON.stringify({ session_token: session.session_token, client_msg_id: clientMsgId, body: 'How do refunds work for returns?' }),
      });
    fake.script = { chunks: ['Refunds take ', '5-10 business days.'], delayMs: 0 };

    const before = fake.requests.length;
    const first = doneOf(await readEvents(await chatDirect(randomUUID())));
    expect(first).toMatchObject({ intent: 'answer', offer_human: false });
    expect(fake.requests.length).toBe(before + 1);
    // every model call caps its output (OPENAI_MAX_TOKENS)
    expect(fake.requests.at(-1)!.body.max_tokens).toBe(77);

    const second = doneOf(await readEvents(await chatDirect(randomUUID())));
    expect(fake.requests.length).toBe(before + 1);
    expect(second).toMatchObject({ intent: 'unavailable', offer_human: true, sources: [] });
    expect(second!.body).toMatch(/Talk to a human/);
    const stored = await sql<{ metadata: Record<string, unknown> }>(
      "select metadata from public.messages where conversation_id = $1 and sender_type = 'ai' order by created_at",
      [session.conversation_id],
    );
    expect(stored.map((m) => m.metadata.intent)).toEqual(['answer', 'unavailable']);
  });
});
