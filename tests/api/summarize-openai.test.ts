import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeOpenAI } from '@/scripts/test/fake-openai';
import { startOpenAIRuntime } from '../helpers/functions-runtime';
import { GLOBEX } from '../helpers/seed';
import { keys, sql } from '../helpers/stack';

/**
 * AI_PROVIDER=openai: the summarizer asks the configured OpenAI-compatible model (a local fake
 * speaking the real format) and stores its answer; a model failure stores nothing, so the next run
 * tries again.
 */
let openai: Awaited<ReturnType<typeof startOpenAIRuntime>>;
let fake: FakeOpenAI;

beforeAll(async () => {
  openai = await startOpenAIRuntime('fake-summary-1');
  fake = openai.fake;
});

afterAll(async () => {
  await openai?.stop();
});

async function finished(question: string) {
  const id = randomUUID();
  await sql(
    `insert into public.conversations (id, organization_id, status, is_resolved, resolved_at) values ($1, $2, 'closed', true, now() - interval '1 hour')`,
    [id, GLOBEX.id],
  );
  await sql(
    `insert into public.messages (organization_id, conversation_id, sender_type, body, created_at) values
       ($2, $1, 'visitor', $3, now() - interval '2 hours'), ($2, $1, 'ai', 'Campus tours run on Fridays.', now() - interval '119 minutes')`,
    [id, GLOBEX.id, question],
  );
  return id;
}

const run = () =>
  fetch(`${openai.url}/summarize`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.cronSecret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ organization_id: GLOBEX.id, limit: 100 }),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { provider: string; summarized: number; failed: number } }));

describe('summaries with the openai provider', () => {
  it("stores the model's summary, built from the visible transcript", async () => {
    const id = await finished('Can I book a campus tour for my class?');
    fake.script = { chunks: ['A teacher asked to book a class tour; told tours run on Fridays.'], delayMs: 0 };
    const res = await run();
    expect(res.status).toBe(200);
    expect(res.body.provider).toBe('openai');
    const [row] = await sql<{ summary: string }>('select summary from public.conversations where id = $1', [id]);
    expect(row?.summary).toBe('A teacher asked to book a class tour; told tours run on Fridays.');
    const request = fake.requests.find((r) => r.body.messages.some((m) => m.content.includes('Can I book a campus tour')));
    expect(request?.body.model).toBe('fake-summary-1');
    // every model call caps its output (OPENAI_SUMMARY_MAX_TOKENS, default 120)
    expect(request?.body.max_tokens).toBe(120);
    expect(request?.headers.authorization).toBe('Bearer sk-test-fake');
    expect(request?.body.messages[1]?.content).toContain('ai: Campus tours run on Fridays.');
  });

  it('a model failure stores nothing and the next run retries', async () => {
    const id = await finished('Is there parking for visitors?');
    fake.script = { chunks: [], delayMs: 0, failWith: 500 };
    const failed = await run();
    expect(failed.status).toBe(200);
    expect(failed.body.failed).toBeGreaterThan(0);
    expect(await sql('select summary from public.conversations where id = $1', [id])).toEqual([{ summary: null }]);

    fake.script = { chunks: ['Asked about visitor parking.'], delayMs: 0 };
    expect((await run()).body.summarized).toBeGreaterThan(0);
    expect(await sql('select summary from public.conversations where id = $1', [id])).toEqual([{ summary: 'Asked about visitor parking.' }]);
  });
});
