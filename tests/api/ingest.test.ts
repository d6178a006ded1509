import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, ingest, ingestUrl, uniq } from '../helpers/ingest';
import { ACME, GLOBEX } from '../helpers/seed';
import { sql, userClient } from '../helpers/stack';
import { randomDay, seededRandom } from '../helpers/random';

/**
 * The ingest API end to end: a batch from an external system lands in the key's organization,
 * shows up for that organization's team (and nobody else's), a retried batch changes nothing,
 * and bad items are reported one by one without losing the good ones.
 */
const acme = { id: ACME.id, slug: ACME.slug };
let key: string;

beforeAll(async () => {
  key = (await createApiKey('user_acme_admin', acme, ['ingest:write', 'read'])).key;
});

/** A day no other test writes to, so figures for it are this test's own. */
const random = seededRandom('tests/api/ingest.test.ts');
function freshDay(): string {
  return randomDay(random, '2024-01-01', 700);
}

function conversationBatch(chatId: string, visitorId: string, day = '2026-10-01') {
  const at = (time: string) => `${day}T${time}Z`;
  return [
    { type: 'visitor', idempotency_key: uniq('v'), external_id: visitorId, email: 'Robin@Example.com', name: 'Robin', metadata: { plan: 'pro' } },
    {
      type: 'chat',
      idempotency_key: uniq('c'),
      external_id: chatId,
      visitor_external_id: visitorId,
      website_domain: 'shop.acme.com',
      started_at: at('09:00:00'),
    },
    {
      type: 'message',
      idempotency_key: uniq('m'),
      chat_external_id: chatId,
      sender_type: 'visitor',
      body: 'Do you ship to Norway?',
      sent_at: at('09:00:05'),
    },
    {
      type: 'message',
      idempotency_key: uniq('m'),
      chat_external_id: chatId,
      sender_type: 'ai',
      body: 'Yes, in 5-8 business days.',
      sent_at: at('09:00:20'),
      metadata: { confidence: 0.9 },
    },
    { type: 'event', idempotency_key: uniq('e'), name: 'checkout_started', visitor_external_id: visitorId, occurred_at: at('09:05:00') },
    { type: 'article_view', idempotency_key: uniq('a'), article_slug: 'shipping-times', visitor_external_id: visitorId, viewed_at: at('09:01:00') },
    { type: 'article_mention', idempotency_key: uniq('a'), article_slug: 'shipping-times', chat_external_id: chatId, mentioned_at: at('09:00:20') },
  ];
}

async function storedCounts(chatId: string, visitorId: string) {
  const [row] = await sql<Record<string, number>>(
    `select (select count(*)::int from public.visitors where external_id = $2) as visitors,
            (select count(*)::int from public.conversations where external_customer_id = $1) as chats,
            (select count(*)::int from public.messages m join public.conversations c on c.id = m.conversation_id where c.external_customer_id = $1) as messages,
            (select count(*)::int from public.events e join public.visitors v on v.id = e.visitor_id where v.external_id = $2) as events,
            (select count(*)::int from public.article_views a join public.visitors v on v.id = a.visitor_id where v.external_id = $2) as views,
            (select count(*)::int from public.article_mentions a join public.conversations c on c.id = a.conversation_id where c.external_customer_id = $1) as mentions`,
    [chatId, visitorId],
  );
  return row;
}

describe('ingest', () => {
  it("stores a batch in the key's organization, where its team (and only its team) sees it", async () => {
    const chatId = uniq('chat');
    const visitorId = uniq('crm');
    const day = freshDay();
    const range = { p_from: `${day}T00:00:00Z`, p_to: `${day}T23:59:59Z` };
    const res = await ingest(key, conversationBatch(chatId, visitorId, day));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 7, updated: 0, duplicate: 0, failed: 0 });
    expect(res.body.results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);

    const agent = await userClient('user_acme_agent', acme);
    const { data: conversation } = await agent
      .from('conversations')
      .select('id, channel, organization_id, visitors(email, name), messages(body, sender_type)')
      .eq('external_customer_id', chatId)
      .single();
    expect(conversation).toMatchObject({ channel: 'api', organization_id: ACME.id, visitors: { email: 'robin@example.com', name: 'Robin' } });
    expect(conversation?.messages.map((m) => m.body).sort()).toEqual(['Do you ship to Norway?', 'Yes, in 5-8 business days.']);

    const { data: summary } = await agent.rpc('analytics_summary', range).single();
    expect(summary).toMatchObject({ messages: 2, median_first_response_seconds: 15 });

    const globex = await userClient('user_globex_owner', { id: GLOBEX.id, slug: GLOBEX.slug });
    const { data: hidden, status: hiddenStatus } = await globex.from('conversations').select('id').eq('external_customer_id', chatId);
    expect(hiddenStatus).toBe(200);
    expect(hidden).toEqual([]);
    const { data: globexSummary } = await globex.rpc('analytics_summary', range).single();
    expect(globexSummary?.messages).toBe(0);
  });

  it('stores the same batch sent five times exactly once', async () => {
    const chatId = uniq('chat');
    const visitorId = uniq('crm');
    const batch = conversationBatch(chatId, visitorId);
    const responses = [];
    for (let i = 0; i < 5; i++) responses.push(await ingest(key, batch));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(responses[0]?.body.created).toBe(7);
    for (const retry of responses.slice(1)) {
      expect(retry.body).toMatchObject({ created: 0, updated: 0, duplicate: 7, failed: 0 });
      expect(retry.body.results.map((r) => r.id)).toEqual(responses[0]?.body.results.map((r) => r.id));
    }
    expect(await storedCounts(chatId, visitorId)).toEqual({ visitors: 1, chats: 1, messages: 2, events: 1, views: 1, mentions: 1 });
    const [visitor] = await sql<{ updated_at: Date }>('select updated_at from public.visitors where external_id = $1', [visitorId]);
    const again = await ingest(key, batch);
    expect(again.body.duplicate).toBe(7);
    const [unchanged] = await sql<{ updated_at: Date }>('select updated_at from public.visitors where external_id = $1', [visitorId]);
    expect(unchanged?.updated_at).toEqual(visitor?.updated_at);
  });

  it('also stores a batch retried concurrently only once', async () => {
    const chatId = uniq('chat');
    const visitorId = uniq('crm');
    const batch = conversationBatch(chatId, visitorId);
    const responses = await Promise.all(Array.from({ length: 5 }, () => ingest(key, batch)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(responses.reduce((n, r) => n + r.body.created, 0)).toBe(7);
    expect(await storedCounts(chatId, visitorId)).toEqual({ visitors: 1, chats: 1, messages: 2, events: 1, views: 1, mentions: 1 });
  });

  it('reports each bad item with a clear error and stores the good ones', async () => {
    const chatId = uniq('chat');
    const used = uniq('e');
    await ingest(key, [{ type: 'event', idempotency_key: used, name: 'first' }]);
    const res = await ingest(key, [
      { type: 'chat', idempotency_key: uniq('c'), external_id: chatId },
      { type: 'message', idempotency_key: uniq('m'), chat_external_id: chatId, sender_type: 'robot', body: 'hi' },
      { type: 'message', idempotency_key: 'short', chat_external_id: chatId, sender_type: 'ai', body: 'hi' },
      { type: 'message', idempotency_key: uniq('m'), chat_external_id: uniq('unknown'), sender_type: 'ai', body: 'hi' },
      { type: 'event', idempotency_key: used, name: 'second' },
      { type: 'event', idempotency_key: uniq('e'), name: 'ok', occurred_at: 'yesterday' },
      { type: 'article_view', idempotency_key: uniq('a') },
      { type: 'survey', idempotency_key: uniq('s') },
      'not an object',
      { type: 'message', idempotency_key: uniq('m'), chat_external_id: chatId, sender_type: 'agent', body: 'Kept', is_internal: true },
    ]);
    expect(res.status).toBe(207);
    expect(res.body).toMatchObject({ created: 2, failed: 8 });
    const outcome = res.body.results.map((r) => [r.status, r.error?.code, r.error?.message]);
    expect(outcome).toEqual([
      ['created', undefined, undefined],
      ['error', 'invalid_item', expect.stringMatching(/^sender_type: /)],
      ['error', 'invalid_item', expect.stringMatching(/^idempotency_key: must be 8 to 100/)],
      ['error', 'not_found', expect.stringMatching(/unknown chat_external_id/)],
      ['error', 'idempotency_conflict', 'idempotency_key was already used for a different item'],
      ['error', 'invalid_item', expect.stringMatching(/^occurred_at: must be an ISO 8601 time/)],
      ['error', 'invalid_item', 'article_id: an article_id, article_slug or url is required'],
      ['error', 'invalid_item', expect.stringMatching(/^type: /)],
      ['error', 'invalid_item', expect.any(String)],
      ['created', undefined, undefined],
    ]);
    expect(res.body.results[8]).toMatchObject({ index: 8, type: null, idempotency_key: null });
    const [stored] = await sql<{ n: number }>(
      'select count(*)::int as n from public.messages m join public.conversations c on c.id = m.conversation_id where c.external_customer_id = $1',
      [chatId],
    );
    expect(stored?.n).toBe(1);
  });

  it('refuses malformed requests as a whole: not JSON, wrong shape, wrong type, too many items, too large', async () => {
    expect((await ingest(key, '{not json')).body.error?.code).toBe('invalid_json');
    expect((await ingest(key, JSON.stringify({ batch: [] }))).status).toBe(400);
    expect((await ingest(key, [], { 'content-type': 'text/plain' })).status).toBe(415);
    const many = Array.from({ length: 501 }, (_, i) => ({ type: 'event', idempotency_key: `too-many-${i}`, name: 'x' }));
    const tooMany = await ingest(key, many);
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error?.code).toBe('batch_too_large');
    const huge = [{ type: 'message', idempotency_key: uniq('m'), chat_external_id: 'x', sender_type: 'ai', body: 'x'.repeat(1024 * 1024) }];
    expect((await ingest(key, huge)).status).toBe(413);
    expect((await fetch(ingestUrl, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } })).status).toBe(405);
  });

  it('takes 500 items in one request and one transaction', async () => {
    const batch = uniq('bulk');
    const items = Array.from({ length: 500 }, (_, i) => ({
      type: 'event',
      idempotency_key: `${batch}-${i}`,
      name: 'bulk_loaded',
      properties: { n: i },
      occurred_at: new Date(Date.UTC(2026, 9, 2, 10, 0, i % 60)).toISOString(),
    }));
    const res = await ingest(key, items);
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(500);
    // received_at is now(), the start of the transaction: one value for the whole batch
    const [row] = await sql<{ n: number; tx: number }>(
      `select count(*)::int as n, count(distinct received_at)::int as tx from public.ingest_receipts
       where organization_id = $1 and idempotency_key like $2`,
      [ACME.id, `${batch}-%`],
    );
    expect(row).toEqual({ n: 500, tx: 1 });
  });

  it('stores a chat and 499 messages in one request, set-based, well within the statement timeout', async () => {
    const chatId = uniq('chat');
    const items = [
      { type: 'chat', idempotency_key: uniq('c'), external_id: chatId },
      ...Array.from({ length: 499 }, (_, i) => ({
        type: 'message',
        idempotency_key: `${chatId}-m-${i}`,
        chat_external_id: chatId,
        sender_type: i % 2 === 0 ? 'visitor' : 'agent',
        body: `Message ${i}`,
        sent_at: new Date(Date.UTC(2026, 9, 3, 10, 0, 0) + i * 1000).toISOString(),
      })),
    ];
    const res = await ingest(key, items);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 500, failed: 0 });
    const [row] = await sql<{ n: number; subtransactions: number; last: Date }>(
      `select count(*)::int as n, count(distinct m.xmin::text)::int as subtransactions, max(c.last_message_at) as last
       from public.messages m join public.conversations c on c.id = m.conversation_id where c.external_customer_id = $1`,
      [chatId],
    );
    // one statement stored them all (one subtransaction id), not one subtransaction per message
    expect(row).toEqual({ n: 499, subtransactions: 1, last: new Date(Date.UTC(2026, 9, 3, 10, 0, 0) + 498_000) });
  });

  it('keeps the good messages of a run with bad ones, each with its receipt', async () => {
    const chatId = uniq('chat');
    const keys = Array.from({ length: 6 }, () => uniq('m'));
    const message = (i: number, extra: object = {}) => ({
      type: 'message',
      idempotency_key: keys[i],
      chat_external_id: chatId,
      sender_type: 'visitor',
      body: `Message ${i}`,
      ...extra,
    });
    const res = await ingest(key, [
      { type: 'chat', idempotency_key: uniq('c'), external_id: chatId },
      message(0),
      message(1, { sent_at: '2999-01-01T00:00:00Z' }),
      message(2),
      message(3, { chat_external_id: uniq('unknown') }),
      message(4),
      message(0),
      message(5, { sender_type: 'ai', metadata: { confidence: 0.5 } }),
    ]);
    expect(res.status).toBe(207);
    expect(res.body.results.map((r) => r.error?.code ?? r.status)).toEqual([
      'created',
      'created',
      'invalid_item',
      'created',
      'not_found',
      'created',
      'duplicate',
      'created',
    ]);
    expect(res.body.results[6]?.id).toBe(res.body.results[1]?.id);
    const lookup = await fetch(`${ingestUrl}?${keys.map((k) => `idempotency_key=${k}`).join('&')}`, { headers: { authorization: `Bearer ${key}` } });
    const { items } = (await lookup.json()) as { items: { idempotency_key: string; id: string }[] };
    expect(items.map((i) => i.idempotency_key).sort()).toEqual([keys[0], keys[2], keys[4], keys[5]].sort());
    const [stored] = await sql<{ n: number }>(
      'select count(*)::int as n from public.messages m join public.conversations c on c.id = m.conversation_id where c.external_customer_id = $1',
      [chatId],
    );
    expect(stored?.n).toBe(4);
  });

  it('stores concurrent identical message batches once, answering the others as duplicates', async () => {
    const chatId = uniq('chat');
    expect((await ingest(key, [{ type: 'chat', idempotency_key: uniq('c'), external_id: chatId }])).status).toBe(200);
    // messages only: nothing item by item serializes the batches before their runs meet
    const items = Array.from({ length: 60 }, (_, i) => ({
      type: 'message',
      idempotency_key: `${chatId}-m-${i}`,
      chat_external_id: chatId,
      sender_type: 'ai',
      body: `Answer ${i}`,
    }));
    const responses = await Promise.all(Array.from({ length: 5 }, () => ingest(key, items)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(responses.reduce((n, r) => n + r.body.created, 0)).toBe(60);
    expect(responses.reduce((n, r) => n + r.body.duplicate, 0)).toBe(4 * 60);
    for (const r of responses) expect(r.body.results.map((x) => x.id)).toEqual(responses[0]?.body.results.map((x) => x.id));
    const [stored] = await sql<{ messages: number; receipts: number }>(
      `select (select count(*)::int from public.messages where client_msg_id like $1) as messages,
              (select count(*)::int from public.ingest_receipts where idempotency_key like $1) as receipts`,
      [`${chatId}-m-%`],
    );
    expect(stored).toEqual({ messages: 60, receipts: 60 });
  });

  it('looks up stored items by idempotency key with a read key', async () => {
    const stored = uniq('e');
    await ingest(key, [{ type: 'event', idempotency_key: stored, name: 'looked_up' }]);
    const res = await fetch(`${ingestUrl}?idempotency_key=${stored}&idempotency_key=${uniq('missing')}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { idempotency_key: string; type: string }[] };
    expect(body.items).toEqual([expect.objectContaining({ idempotency_key: stored, type: 'event' })]);
    expect((await fetch(ingestUrl, { headers: { authorization: `Bearer ${key}` } })).status).toBe(400);
  });
});
