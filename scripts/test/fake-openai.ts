import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for an OpenAI-compatible API (we cannot reach a real model here). It speaks
 * the real wire format of POST /v1/chat/completions: with `stream: true`, `data: <chunk>` events
 * of chat.completion.chunk objects ending with `data: [DONE]`; otherwise one chat.completion.
 */
export interface FakeOpenAI {
  baseUrl: string;
  requests: {
    headers: http.IncomingHttpHeaders;
    body: { model: string; stream?: boolean; max_tokens?: number; messages: { role: string; content: string }[] };
  }[];
  /** What the next completions answer: the content chunks, the pause between them, or a failure status. */
  script: { chunks: string[]; delayMs: number; failWith?: number };
  close(): Promise<void>;
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const fake: FakeOpenAI = {
    baseUrl: '',
    requests: [],
    script: { chunks: ['Hello', ' there'], delayMs: 20 },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    const answer = async () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { message: 'Not found', type: 'invalid_request_error', code: null } }));
      }
      const body = JSON.parse(raw) as FakeOpenAI['requests'][number]['body'];
      fake.requests.push({ headers: req.headers, body });
      const { chunks, delayMs, failWith } = fake.script;
      if (failWith) {
        res.writeHead(failWith, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { message: 'The server had an error', type: 'server_error', code: null } }));
      }
      const id = `chatcmpl-fake${fake.requests.length}`;
      const created = Math.floor(Date.now() / 1000);
      const chunk = (delta: object, finish: string | null) =>
        JSON.stringify({
          id,
          object: 'chat.completion.chunk',
          created,
          model: body.model,
          choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        });
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            id,
            object: 'chat.completion',
            created,
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content: chunks.join('') }, logprobs: null, finish_reason: 'stop' }],
            usage: { prompt_tokens: 10, completion_tokens: chunks.length, total_tokens: 10 + chunks.length },
          }),
        );
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(`data: ${chunk({ role: 'assistant', content: '' }, null)}\n\n`);
      for (const content of chunks) {
        await new Promise((r) => setTimeout(r, delayMs));
        res.write(`data: ${chunk({ content }, null)}\n\n`);
      }
      res.write(`data: ${chunk({}, 'stop')}\n\n`);
      res.end('data: [DONE]\n\n');
    };
    // a request the fake cannot parse rejects in answer, which vitest reports as an unhandled error
    req.on('end', () => void answer());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}/v1`;
  return fake;
}
