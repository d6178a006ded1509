// Server-Sent Events whose producer outlives the client: when the visitor closes the tab
// mid-answer, writes become no-ops and the producer still finishes (and stores the reply).

export interface SseChannel {
  send(event: string, data: unknown): void;
  close(): void;
  readonly disconnected: boolean;
}

export function sseResponse(produce: (channel: SseChannel) => Promise<void>, headers: Record<string, string>): Response {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let disconnected = false;
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      disconnected = true;
    },
  });
  const channel: SseChannel = {
    send(event, data) {
      if (disconnected || closed) return;
      try {
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      } catch {
        disconnected = true;
      }
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        controller.close();
      } catch {
        // already cancelled by the client
      }
    },
    get disconnected() {
      return disconnected;
    },
  };
  const done = produce(channel).finally(() => channel.close());
  // On the hosted runtime, keep the worker alive until the reply is stored.
  (globalThis as { EdgeRuntime?: { waitUntil(p: Promise<unknown>): void } }).EdgeRuntime?.waitUntil(done);
  return new Response(stream, {
    headers: {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}
