import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeOpenAI } from '@/scripts/test/fake-openai';
import { startOpenAIRuntime } from '../helpers/functions-runtime';
import { sql } from '../helpers/stack';
import { doneOf, nextIp, readEvents, startSession } from '../helpers/widget';

/**
 * AI_PROVIDER=openai: the chat function relays an OpenAI-compatible model's stream, grounded on
 * the organization's articles. The model is a local fake speaking the real streaming format.
 */
let openai: Awaited<ReturnType<typeof startOpenAIRuntime>>;
let fake: FakeOpenAI;

beforeAll(async () => {
  openai = await startOpenAIRuntime('fake-model-1');
  fake = openai.fake;
});

afterAll(async () => {
  await openai?.stop();
});

const chatDirect = (body: object) =>
  fetch(`${openai.url}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp('198.18.0') },
    body: JSON.stringify(body),
  });

describe('chat with the openai provider', () => {
  it("streams the model's chunks in order, unmerged, grounded on the org's articles, and stores the reply", async () => {
    fake.script = { chunks: ['Refunds ', 'reach your card ', 'within 5-10 ', 'business days.'], delayMs: 60 };
    const s = await startSession();
    const id = randomUUID();
    const res = await chatDirect({ session_token: s.session_token, client_msg_id: id, body: 'How do refunds work for returns?' });
    expect(res.status).toBe(200);
    const arrivals: number[] = [];
    const events = await readEvents(res, (e) => e.event === 'delta' && arrivals.push(Date.now()));
    const deltas = events.filter((e) => e.event === 'delta').map((e) => e.data.text);
    expect(deltas).toEqual(fake.script.chunks);
    // relayed as produced: the gaps between chunks survive (not buffered into one write)
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(120);
    const done = doneOf(events)!;
    expect(done).toMatchObject({ intent: 'answer', body: 'Refunds reach your card within 5-10 business days.', offer_human: false });
    expect(done.sources).toEqual([expect.objectContaining({ title: 'Returns and refunds' })]);

    const request = fake.requests.at(-1)!;
    expect(request.headers.authorization).toBe('Bearer sk-test-fake');
    // every model call caps its output (OPENAI_MAX_TOKENS, default 400)
    expect(request.body).toMatchObject({ model: 'fake-model-1', stream: true, max_tokens: 400 });
    expect(request.body.messages[0]).toMatchObject({ role: 'system' });
    expect(request.body.messages[0]?.content).toContain('Returns and refunds');
    expect(request.body.messages[0]?.content).not.toMatch(/Globex|Cypress Creek/);
    expect(request.body.messages.at(-1)).toEqual({ role: 'user', content: 'How do refunds work for returns?' });

    const [stored] = await sql<{ body: string; metadata: Record<string, unknown> }>(
      "select body, metadata from public.messages where conversation_id = $1 and sender_type = 'ai'",
      [s.conversation_id],
    );
    expect(stored).toMatchObject({ body: done.body, metadata: { provider: 'openai', model: 'fake-model-1', intent: 'answer' } });
  });

  it('sends the earlier turns of the conversation (fetched with the message, in one call) as history', async () => {
    fake.script = { chunks: ['Returns are free ', 'within 30 days.'], delayMs: 0 };
    const s = await startSession();
    await readEvents(await chatDirect({ session_token: s.session_token, client_msg_id: randomUUID(), body: 'How do refunds work for returns?' }));
    fake.script = { chunks: ['Refunds take ', '5-10 business days.'], delayMs: 0 };
    // a follow-up on the same article (not the same question again, which hands over as
    // repeated_question), so the articles clear the threshold and the model is called
    const before = fake.requests.length;
    await readEvents(
      await chatDirect({ session_token: s.session_token, client_msg_id: randomUUID(), body: 'How do refunds work for returned items?' }),
    );
    expect(fake.requests.length).toBe(before + 1);
    expect(fake.requests.at(-1)!.body.messages.slice(1)).toEqual([
      { role: 'user', content: 'How do refunds work for returns?' },
      { role: 'assistant', content: 'Returns are free within 30 days.' },
      { role: 'user', content: 'How do refunds work for returned items?' },
    ]);
  });

  it("asks the model to answer in the widget's language, and refuses a language the widget does not speak", async () => {
    fake.script = { chunks: ['Les remboursements ', 'prennent 5 à 10 jours.'], delayMs: 0 };
    const s = await startSession();
    const before = fake.requests.length;
    const body = { session_token: s.session_token, client_msg_id: randomUUID(), body: 'How do refunds work for returns?', language: 'fr' };
    expect(doneOf(await readEvents(await chatDirect(body)))).toMatchObject({ body: 'Les remboursements prennent 5 à 10 jours.' });
    expect(fake.requests.length).toBe(before + 1);
    expect(fake.requests.at(-1)!.body.messages[0]?.content).toContain('Always answer in French');

    const unknown = await chatDirect({ ...body, client_msg_id: randomUUID(), language: 'ja' });
    expect(unknown.status).toBe(400);
    expect(fake.requests.length).toBe(before + 1);
  });

  it('does not call the model when no article clears the threshold', async () => {
    const before = fake.requests.length;
    const s = await startSession();
    const res = await chatDirect({ session_token: s.session_token, client_msg_id: randomUUID(), body: 'Do you sell gift cards for birthdays?' });
    expect(doneOf(await readEvents(res))).toMatchObject({ intent: 'unsure', offer_human: true });
    expect(fake.requests.length).toBe(before);
  });

  it('reports a model failure as an error event, keeps the visitor message and stores no reply', async () => {
    fake.script = { chunks: [], delayMs: 0, failWith: 500 };
    const s = await startSession();
    const res = await chatDirect({ session_token: s.session_token, client_msg_id: randomUUID(), body: 'How do I reset my password?' });
    const events = await readEvents(res);
    expect(events.map((e) => e.event)).toEqual(['message', 'error']);
    expect(events[1]?.data).toMatchObject({ code: 'ai_unavailable' });
    const stored = await sql<{ sender_type: string }>('select sender_type from public.messages where conversation_id = $1', [s.conversation_id]);
    expect(stored.map((m) => m.sender_type)).toEqual(['visitor']);
  });
});
