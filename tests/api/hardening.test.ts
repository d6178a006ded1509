import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { createApiKey, ingest, ingestUrl, uniq } from '../helpers/ingest';
import { ACME } from '../helpers/seed';
import { config, keys, sql, tokenFor } from '../helpers/stack';
import { nextIp, post, startSession } from '../helpers/widget';

/**
 * Smaller items of the security review (issue 10, item 10) as an API client meets them: the
 * ingest key is checked before the body is read and rate-limited per verified key, webhook bodies
 * are capped while read, widget_search_articles is closed to anon, database error text stays out of
 * answers, and forced summaries have a per-organization cooldown.
 */

/**
 * Sends the headers and the first part of a body, never the rest, and resolves with the status the
 * server answers meanwhile: a server that reads the whole body first never answers.
 */
function answerBeforeBodyEnds(url: string, headers: Record<string, string>, firstPart: Buffer, timeoutMs = 5000) {
  return new Promise<number | 'no answer'>((resolve) => {
    const req = http.request(url, { method: 'POST', headers });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', () => undefined);
    req.write(firstPart);
  });
}

const madeUpKey = (prefix = 'ck_live_') => `${prefix}${randomBytes(24).toString('hex')}`.slice(0, 56);

describe('ingest authenticates before it reads the body', () => {
  it('answers an unknown key with 401 while the body is still being sent', async () => {
    const status = await answerBeforeBodyEnds(
      ingestUrl,
      {
        authorization: `Bearer ${madeUpKey()}`,
        'content-type': 'application/json',
        'content-length': '500000',
        'x-forwarded-for': nextIp('192.0.2'),
      },
      Buffer.from('{"items": ['),
    );
    expect(status).toBe(401);
  });

  it('answers an unknown key with 401, not 413, whatever the body size', async () => {
    const huge = [{ type: 'event', idempotency_key: uniq('e'), name: 'x', properties: { pad: 'x'.repeat(1024 * 1024) } }];
    const res = await ingest(madeUpKey(), huge, { 'x-forwarded-for': nextIp('192.0.2') });
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('invalid_api_key');
  });

  it("limits requests per verified key: made-up keys with a real key's prefix do not use its limit up", async () => {
    const real = await createApiKey('user_acme_admin', ACME, ['ingest:write']);
    // the prefix is what the dashboard shows; 121 made-up keys behind it (the limit is 120 a minute)
    for (let i = 0; i < 121; i++) {
      const res = await ingest(madeUpKey(real.prefix), [], { 'x-forwarded-for': nextIp('192.0.2') });
      expect(res.status).toBe(401);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) statuses.push((await ingest(real.key, [], { 'x-forwarded-for': nextIp('192.0.2') })).status);
    // the real key still has its whole minute, from any IP, and then no more
    expect(statuses).toEqual([...Array(120).fill(200), 429]);
  });
});

describe('clerk-webhook', () => {
  it('answers 413 once a body passes the cap, without waiting for the rest or checking a signature', async () => {
    // chunked, no Content-Length: only counting while reading can catch it
    const status = await answerBeforeBodyEnds(
      `${config.apiUrl}/functions/v1/clerk-webhook`,
      { 'content-type': 'application/json', 'svix-id': 'msg_big', 'svix-timestamp': String(Math.floor(Date.now() / 1000)), 'svix-signature': 'v1,x' },
      Buffer.alloc(300 * 1024, 'x'),
    );
    expect(status).toBe(413);
  });
});

describe('widget_search_articles', () => {
  it('is not an API of its own: anon gets no answer by GET (the session token would land in access logs) or POST', async () => {
    const session = await startSession();
    const rpc = `${config.apiUrl}/rest/v1/rpc/widget_search_articles`;
    const get = await fetch(`${rpc}?p_session_token=${session.session_token}&p_query=refund`, { headers: { apikey: keys.anonKey } });
    expect(get.status).toBe(401);
    const posted = await fetch(rpc, {
      method: 'POST',
      headers: { apikey: keys.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ p_session_token: session.session_token, p_query: 'refund' }),
    });
    expect(posted.status).toBe(401);
    expect(((await posted.json()) as { code: string }).code).toBe('42501');
  });
});

describe('database error text stays out of answers', () => {
  it('an ingest item that breaks a constraint gets a fixed message, naming no constraint, column or table', async () => {
    const key = (await createApiKey('user_acme_admin', ACME, ['ingest:write'])).key;
    const name = `probe-${randomUUID().slice(0, 8)}`;
    await sql(`alter table public.events add constraint zz_probe_event_name check (name <> '${name}') not valid`);
    try {
      const res = await ingest(key, [{ type: 'event', idempotency_key: uniq('e'), name }], { 'x-forwarded-for': nextIp('192.0.2') });
      expect(res.status).toBe(207);
      expect(res.body.results[0]?.error?.code).toBe('invalid_item');
      expect(JSON.stringify(res.body)).not.toMatch(/zz_probe|constraint|relation|"events"/);
    } finally {
      await sql('alter table public.events drop constraint zz_probe_event_name');
    }
  });

  it('a widget call that hits a unique constraint gets 409 with a fixed message and a request id', async () => {
    const email = `probe-${randomUUID().slice(0, 8)}@example.com`;
    await sql(`create unique index zz_probe_ticket_email on public.tickets (customer_email) where customer_email = '${email}'`);
    try {
      const first = await startSession();
      expect((await post('escalate', { session_token: first.session_token, email }, { ip: nextIp() })).status).toBe(200);
      const second = await startSession();
      const res = await post('escalate', { session_token: second.session_token, email }, { ip: nextIp() });
      expect(res.status).toBe(409);
      const text = await res.text();
      expect(text).not.toMatch(/zz_probe|customer_email|tickets|duplicate key/);
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'conflict', request_id: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    } finally {
      await sql('drop index public.zz_probe_ticket_email');
    }
  });
});

describe('forced summaries', () => {
  it('an admin forces a run once per cooldown; the next gets 429 with Retry-After', async () => {
    await sql('delete from private.forced_summary_runs where organization_id = $1', [ACME.id]);
    const token = await tokenFor('user_acme_admin', { id: ACME.id, slug: ACME.slug, role: 'member' });
    const force = () =>
      fetch(`${config.apiUrl}/functions/v1/summarize`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ force: true, limit: 1 }),
      });
    try {
      expect((await force()).status).toBe(200);
      const again = await force();
      expect(again.status).toBe(429);
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(500);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    } finally {
      await sql('delete from private.forced_summary_runs where organization_id = $1', [ACME.id]);
    }
  });
});
