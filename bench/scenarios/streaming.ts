import { startFakeOpenAI } from '../../scripts/test/fake-openai';
import { withClient } from '../generate';
import { websiteKey, websiteOrigin, type BenchContext } from '../lib/context';
import type { ScenarioResult } from '../lib/result';
import { withFunctionsRuntime } from '../lib/runtime';
import { median, percentile } from '../lib/stats';
import { openSessions, readSse, type Arrival } from '../lib/widget';

/**
 * Streaming relay: the `chat` function relaying an OpenAI-compatible provider (the test suite's
 * fake, speaking the real wire format), seen by a client through a gateway, against a client
 * reading the same fake directly. Time to first token, the gaps between chunks, and whether
 * every provider chunk arrived as its own event, on time.
 */
const CHUNKS = ['Refunds ', 'reach ', 'your ', 'card ', 'within ', '5-10 ', 'business ', 'days ', 'after ', 'we ', 'receive ', 'the return.'];
const DELAY_MS = 30;
// a question the generated "Returns and refunds" article answers, so the provider is called
const QUESTION = 'How do refunds work for returns?';

interface Sample {
  ttft: number;
  gaps: number[];
  chunks: string[];
}

function sampleOf(arrivals: Arrival[], textOf: (a: Arrival) => string | undefined): Sample {
  const content = arrivals.map((a) => ({ at: a.at, text: textOf(a) })).filter((x): x is { at: number; text: string } => !!x.text);
  return {
    ttft: content[0]?.at ?? Number.NaN,
    gaps: content.slice(1).map((c, i) => c.at - content[i]!.at),
    chunks: content.map((c) => c.text),
  };
}

export async function streamingRelay(ctx: BenchContext): Promise<ScenarioResult> {
  const fake = await startFakeOpenAI();
  fake.script = { chunks: CHUNKS, delayMs: DELAY_MS };
  const extraEnv = { AI_PROVIDER: 'openai', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-bench-fake', OPENAI_MODEL: 'bench-model' };
  try {
    return await withFunctionsRuntime(ctx, extraEnv, (apiUrl) => measure(ctx, apiUrl, fake.baseUrl));
  } finally {
    await fake.close();
  }
}

async function measure(ctx: BenchContext, apiUrl: string, providerUrl: string): Promise<ScenarioResult> {
  const samples = ctx.efforts.quick ? 2 : 20;
  const sessions = await withClient(ctx.config.db.url, (c) => openSessions(c, [{ key: websiteKey(1), origin: websiteOrigin(1) }], samples + 2));
  const relay = async (i: number) => {
    const t0 = performance.now();
    const res = await fetch(`${apiUrl}/functions/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_token: sessions[i]!.token, client_msg_id: `bench-stream-${Date.now()}-${i}`, body: QUESTION }),
    });
    if (res.status !== 200) throw new Error(`chat answered ${res.status}: ${await res.text()}`);
    const events = await readSse(res, t0);
    return sampleOf(events, (e) => (e.event === 'delta' ? (JSON.parse(e.data) as { text: string }).text : undefined));
  };
  const direct = async () => {
    const t0 = performance.now();
    const res = await fetch(`${providerUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench-fake' },
      body: JSON.stringify({ model: 'bench-model', stream: true, messages: [{ role: 'user', content: QUESTION }] }),
    });
    const events = await readSse(res, t0);
    return sampleOf(events, (e) =>
      e.data === '[DONE]' ? undefined : (JSON.parse(e.data) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content,
    );
  };
  await relay(samples); // warm-up: first import of the provider, connections
  await direct();
  const a: Sample[] = [];
  const b: Sample[] = [];
  for (let i = 0; i < samples; i++) {
    if (i % 2 === 0) {
      a.push(await relay(i));
      b.push(await direct());
    } else {
      b.push(await direct());
      a.push(await relay(i));
    }
  }
  const merged = a.filter((s) => s.chunks.length !== CHUNKS.length || s.chunks.some((c, i) => c !== CHUNKS[i])).length;
  const gapsA = a.flatMap((s) => s.gaps);
  const gapsB = b.flatMap((s) => s.gaps);
  const ttftA = a.map((s) => s.ttft);
  const ttftB = b.map((s) => s.ttft);
  const coalesced = gapsA.filter((g) => g < DELAY_MS / 3).length;
  return {
    id: 'streaming-relay',
    title: 'Streaming relay: chat TTFT vs reading the provider directly',
    status: 'measured',
    a: { label: 'client ← gateway ← chat ← provider', median: median(ttftA), p95: percentile(ttftA, 95), unit: 'ms' },
    b: { label: 'client ← provider', median: median(ttftB), p95: percentile(ttftB, 95), unit: 'ms' },
    ratio: median(ttftA) / median(ttftB),
    ratioOf: 'TTFT relay / TTFT direct (median)',
    target: { op: '<=', value: 1.1, orWithinMs: 50, also: 'chunks never merged' },
    conditionsMet: merged === 0 && coalesced === 0,
    notes: [
      `${CHUNKS.length} chunks ${DELAY_MS} ms apart; inter-chunk gap median/p95 relay ${median(gapsA).toFixed(1)}/${percentile(gapsA, 95).toFixed(1)} ms, ` +
        `direct ${median(gapsB).toFixed(1)}/${percentile(gapsB, 95).toFixed(1)} ms; min relay gap ${Math.min(...gapsA).toFixed(1)} ms`,
      `${samples} samples a side; replies with merged or missing chunks: ${merged}; gaps under ${DELAY_MS / 3} ms: ${coalesced}`,
    ],
    remedy:
      'before the first token the function makes one RPC (widget_chat_turn: store, search, history) through the gateway; what remains ' +
      'is that hop, the Deno function and the SSE framing on the same two cores as Postgres and the fake provider',
    details: { ttftA, ttftB, merged, coalesced },
  };
}
