import { describe, expect, it } from 'vitest';
import { createSseParser, readSse, type SseEvent } from '@/widget/src/sse';

function parse(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((e) => events.push(e));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

describe('the widget SSE parser', () => {
  it('reads the chat stream: message, deltas, done', () => {
    const stream =
      'event: message\ndata: {"id":"m1"}\n\nevent: delta\ndata: {"text":"Hel"}\n\nevent: delta\ndata: {"text":"lo"}\n\nevent: done\ndata: {"id":"a1"}\n\n';
    expect(parse([stream])).toEqual([
      { event: 'message', data: '{"id":"m1"}' },
      { event: 'delta', data: '{"text":"Hel"}' },
      { event: 'delta', data: '{"text":"lo"}' },
      { event: 'done', data: '{"id":"a1"}' },
    ]);
  });

  it('gives the same events however the bytes are split, \\r\\n split across chunks included', () => {
    const stream = 'event: delta\r\ndata: {"text":"a"}\r\n\r\nevent: done\r\ndata: {"id":"x"}\r\n\r\n';
    const whole = parse([stream]);
    expect(whole).toHaveLength(2);
    for (let i = 1; i < stream.length; i++) expect(parse([stream.slice(0, i), stream.slice(i)])).toEqual(whole);
    expect(parse(stream.split(''))).toEqual(whole);
  });

  it('joins multi-line data, skips comments, strips one space and defaults the event name', () => {
    expect(parse([': keep-alive\n\ndata:  two spaces\ndata:line2\n\n'])).toEqual([{ event: 'message', data: ' two spaces\nline2' }]);
  });

  it('accepts lone \\r line endings and drops an event the stream cut off', () => {
    expect(parse(['event: delta\rdata: {"text":"x"}\r\r', 'event: done\ndata: {"id":'])).toEqual([{ event: 'delta', data: '{"text":"x"}' }]);
  });

  it('reads a fetch Response body, decoding UTF-8 split inside a character', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"Tiếng Việt ✓"}\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 5) controller.enqueue(bytes.slice(i, i + 5));
        controller.close();
      },
    });
    const events: SseEvent[] = [];
    await readSse(new Response(body), (e) => events.push(e));
    expect(events).toEqual([{ event: 'delta', data: '{"text":"Tiếng Việt ✓"}' }]);
  });
});
