import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sql } from '../helpers/stack';
import { chat, doneOf, nextIp, post, readEvents, startSession, textOf } from '../helpers/widget';

/** The chat function: a visitor message in, the concierge's answer streamed out as SSE, both stored. */
const messagesOf = (conversationId: string) =>
  sql<{ sender_type: string; client_msg_id: string; body: string; metadata: Record<string, unknown> }>(
    'select sender_type, client_msg_id, body, metadata from public.messages where conversation_id = $1 order by created_at, id',
    [conversationId],
  );

describe('chat', () => {
  it('streams an answer from the org articles in several chunks, with sources and confidence, and stores both messages', async () => {
    const s = await startSession();
    const id = randomUUID();
    const { res, events } = await chat(s.session_token, id, 'How long does shipping take?', { ip: nextIp() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(events[0]).toMatchObject({ event: 'message', data: { duplicate: false } });
    const deltas = events.filter((e) => e.event === 'delta');
    expect(deltas.length).toBeGreaterThan(5);
    const done = doneOf(events)!;
    expect(done).toMatchObject({ intent: 'answer', offer_human: false, sources: [{ title: 'Shipping times and tracking' }] });
    expect(done.body).toBe(textOf(events).trim());
    expect(done.body).toMatch(/business days/);
    expect(done.confidence).toBeGreaterThanOrEqual(0.55);

    const stored = await messagesOf(s.conversation_id);
    expect(stored.map((m) => [m.sender_type, m.client_msg_id])).toEqual([
      ['visitor', id],
      ['ai', `ai:${id}`],
    ]);
    expect(stored[1]?.body).toBe(done.body);
    expect(stored[1]?.metadata).toMatchObject({ intent: 'answer', confidence: done.confidence, provider: 'local', in_reply_to: events[0]?.data.id });
  });

  it('says it is unsure and offers a human below the threshold, and the reply is stored as unsure', async () => {
    const s = await startSession();
    const { events } = await chat(s.session_token, randomUUID(), 'Do you sell gift cards for birthdays?', { ip: nextIp() });
    const done = doneOf(events)!;
    expect(done).toMatchObject({ intent: 'unsure', offer_human: true, sources: [] });
    expect(done.confidence).toBeLessThan(0.55);
    expect(done.body).toMatch(/not sure/);
  });

  it("words the assistant's fixed replies in the visitor's language: unsure in Vietnamese, a hand-over offer in French", async () => {
    const ask = async (language: string, body: string) => {
      const s = await startSession();
      const res = await post('chat', { session_token: s.session_token, client_msg_id: randomUUID(), body, language }, { ip: nextIp() });
      expect(res.status).toBe(200);
      const done = doneOf(await readEvents(res))!;
      expect((await messagesOf(s.conversation_id))[1]?.body).toBe(done.body);
      return done;
    };
    const vi = await ask('vi', 'Do you sell gift cards for birthdays?');
    expect(vi).toMatchObject({ intent: 'unsure', offer_human: true });
    expect(vi.body).toBe(
      'Tôi không chắc có thể trả lời câu hỏi này từ trung tâm trợ giúp của chúng tôi. Bạn có muốn nói chuyện với nhân viên không? Hãy chọn "Nói chuyện với nhân viên" và để lại email.',
    );
    const fr = await ask('fr', 'This is unacceptable, my order is late');
    expect(fr).toMatchObject({ intent: 'handoff', offer_human: true, escalation_reason: 'negative_sentiment' });
    expect(fr.body).toBe(
      'Je suis désolé que ce soit si frustrant. Voulez-vous parler à une personne ? Choisissez « Parler à une personne » et laissez votre e-mail.',
    );
    const de = await ask('de', 'Hello!');
    expect(de).toMatchObject({ intent: 'greeting' });
    expect(de.body).toMatch(/^Hallo! Ich bin /);
  });

  it("answers a Globex visitor from Globex's articles only", async () => {
    const s = await startSession('wk_globex_main', 'https://globex.com');
    const { events } = await chat(s.session_token, randomUUID(), 'How do I reset my password?', { ip: nextIp() });
    expect(doneOf(events)?.sources).toEqual([expect.objectContaining({ title: 'Resetting your Globex password' })]);
  });

  it('a resent client_msg_id stores nothing new and replays the same reply', async () => {
    const s = await startSession();
    const id = randomUUID();
    const first = await chat(s.session_token, id, 'Can I return an item?', { ip: nextIp() });
    const again = await chat(s.session_token, id, 'Can I return an item?', { ip: nextIp() });
    expect(again.res.status).toBe(200);
    expect(again.events[0]?.data).toMatchObject({ id: first.events[0]?.data.id, duplicate: true });
    expect(again.events.filter((e) => e.event === 'delta')).toHaveLength(0);
    expect(doneOf(again.events)).toMatchObject({ id: doneOf(first.events)?.id, body: doneOf(first.events)?.body });
    expect(await messagesOf(s.conversation_id)).toHaveLength(2);
  });

  it('the same message sent twice in a row is one message and one reply, answered once', async () => {
    const s = await startSession();
    const id = randomUUID();
    const first = await chat(s.session_token, id, 'How long does shipping take?', { ip: nextIp() });
    const second = await chat(s.session_token, id, 'How long does shipping take?', { ip: nextIp() });
    expect(second.events.map((e) => e.event)).toEqual(['message', 'done']);
    expect(second.events[1]?.data).toEqual(doneOf(first.events));
    const stored = await messagesOf(s.conversation_id);
    expect(stored.map((m) => [m.sender_type, m.client_msg_id])).toEqual([
      ['visitor', id],
      ['ai', `ai:${id}`],
    ]);
  });

  it('concurrent resends of one message store one visitor message and one reply', async () => {
    const s = await startSession();
    const id = randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => chat(s.session_token, id, 'How do I reset my password?', { ip: nextIp() })));
    expect(results.every((r) => r.res.status === 200)).toBe(true);
    const stored = await messagesOf(s.conversation_id);
    expect(stored.filter((m) => m.sender_type === 'visitor')).toHaveLength(1);
    expect(stored.filter((m) => m.sender_type === 'ai')).toHaveLength(1);
  });

  it('keeps answering after the visitor disconnects mid-stream: the reply is stored', async () => {
    const s = await startSession();
    const id = randomUUID();
    const controller = new AbortController();
    const res = await post(
      'chat',
      { session_token: s.session_token, client_msg_id: id, body: 'How do refunds work for returns?' },
      {
        ip: nextIp(),
        signal: controller.signal,
      },
    );
    let deltas = 0;
    await readEvents(res, (e) => {
      if (e.event === 'delta' && ++deltas === 2) controller.abort();
    }).catch(() => undefined);
    // the abort lands after the second delta, but deltas already in the same network read are parsed too
    expect(deltas).toBeGreaterThanOrEqual(2);
    let stored = await messagesOf(s.conversation_id);
    for (let i = 0; i < 50 && stored.length < 2; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      stored = await messagesOf(s.conversation_id);
    }
    expect(stored.map((m) => m.sender_type)).toEqual(['visitor', 'ai']);
    expect(stored[1]?.body).toMatch(/30 days/);
  });

  it('limits a visitor to 10 new messages a minute (429 with Retry-After), enforced in Postgres', async () => {
    const s = await startSession();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      const res = await post(
        'chat',
        { session_token: s.session_token, client_msg_id: `burst-${i}-${randomUUID()}`, body: 'hello' },
        { ip: nextIp() },
      );
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toBe('60');
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      } else await readEvents(res);
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    expect((await messagesOf(s.conversation_id)).filter((m) => m.sender_type === 'visitor')).toHaveLength(10);
  });

  it('refuses bad input with clear JSON errors and stores nothing', async () => {
    const s = await startSession();
    const cases: [unknown, number, RegExp][] = [
      [{ session_token: s.session_token, client_msg_id: 'short', body: 'hi' }, 400, /^client_msg_id: /],
      [{ session_token: s.session_token, client_msg_id: randomUUID(), body: '   ' }, 400, /^body: must not be empty/],
      [{ session_token: s.session_token, client_msg_id: randomUUID(), body: 'x'.repeat(4001) }, 400, /^body: must be at most 4000/],
      [{ session_token: 'vst_nope', client_msg_id: randomUUID(), body: 'hi' }, 400, /^session_token: /],
      [{ session_token: `vst_${'0'.repeat(64)}`, client_msg_id: randomUUID(), body: 'hi' }, 401, /invalid visitor session/],
    ];
    for (const [body, status, message] of cases) {
      const res = await post('chat', body, { ip: nextIp() });
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect(await messagesOf(s.conversation_id)).toHaveLength(0);
  });
});
