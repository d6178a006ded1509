import { createParser, type EventSourceMessage } from 'eventsource-parser';

// The eval's side of the widget's HTTP calls: the chat function's streamed events, and requests
// that wait out the per-address rate limits.

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

export async function readEvents(res: Response, start: number, onFirstDelta: (ms: number) => void): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      const e = { event: message.event ?? 'message', data: JSON.parse(message.data) as Record<string, unknown> };
      if (e.event === 'delta' && !events.some((x) => x.event === 'delta')) onFirstDelta(performance.now() - start);
      events.push(e);
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  return events;
}

/**
 * fetch that waits out a 429 (Retry-After): a stack that does not trust X-Forwarded-For sees every
 * question come from one address, and the widget's per-address limits are lower than the set.
 */
export async function fetchPatiently(url: string, init: RequestInit): Promise<Response> {
  for (;;) {
    const res = await fetch(url, init);
    if (res.status !== 429) return res;
    await res.body?.cancel();
    const wait = Number(res.headers.get('retry-after') ?? 5);
    await new Promise((resolve) => setTimeout(resolve, (Number.isFinite(wait) ? wait : 5) * 1000));
  }
}
