// One public Realtime channel over a WebSocket, speaking the Phoenix protocol as
// @supabase/realtime-js 2.x does (vsn 2.0.0): JSON array frames [join_ref, ref, topic, event,
// payload], heartbeats every 25 s, a client broadcast as a binary "user broadcast push", a
// client-sent broadcast relayed as a binary "user broadcast". Written here instead of bundling
// realtime-js (17 KB gzipped, more than the rest of the widget together) because the widget only
// joins one public channel, hears broadcasts and sends one tiny event; tests/widget/realtime.test.ts
// checks these frames against realtime-js's own serializer byte for byte.

export interface SocketLike {
  binaryType: string;
  readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string | ArrayBuffer): void;
  close(): void;
}

export interface ChannelHandlers {
  /** Joined, first time or again after a drop: whatever was sent meanwhile was missed. */
  up(): void;
  /** The socket or the channel is down; reconnecting with backoff. */
  down(): void;
  broadcast(event: string, payload: unknown): void;
}

export interface ChannelOptions {
  /** wss://<project>/realtime/v1/websocket */
  url: string;
  apikey: string;
  /** The channel's topic without the `realtime:` prefix, e.g. widget:<widget_topic>. */
  topic: string;
  socket?: (url: string) => SocketLike;
  /** Waits before reconnect attempts 1, 2, 3…; the last repeats (with up to 20 % jitter). */
  backoffMs?: readonly number[];
  heartbeatMs?: number;
  timeoutMs?: number;
}

export interface Channel {
  readonly joined: boolean;
  /** Sends a broadcast on the channel; false when it is not joined (the event is dropped). */
  send(event: string, payload: unknown): boolean;
  close(): void;
}

const OPEN = 1;
const USER_BROADCAST_PUSH = 3;
const USER_BROADCAST = 4;
const JSON_ENCODING = 1;

/** The Realtime endpoint next to a Supabase functions URL (https://x/functions/v1 → wss://x/realtime/v1/websocket). */
export function realtimeUrl(functionsUrl: string): string | null {
  const match = /^http(s?):\/\/(.+)\/functions\/v1$/.exec(functionsUrl);
  return match ? `ws${match[1]}://${match[2]}/realtime/v1/websocket` : null;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** A client broadcast as realtime-js encodes it: kind, five lengths, encoding, the header strings, then the JSON payload. */
export function encodeBroadcast(joinRef: string, ref: string, topic: string, event: string, payload: unknown): ArrayBuffer {
  const parts = [joinRef, ref, topic, event, ''].map(utf8);
  const body = utf8(JSON.stringify(payload));
  const out = new Uint8Array(7 + parts.reduce((n, p) => n + p.length, 0) + body.length);
  out.set([USER_BROADCAST_PUSH, ...parts.map((p) => p.length), JSON_ENCODING]);
  let offset = 7;
  for (const p of parts.concat(body)) {
    out.set(p, offset);
    offset += p.length;
  }
  return out.buffer;
}

interface Frame {
  joinRef: unknown;
  ref: unknown;
  topic: unknown;
  event: unknown;
  payload: Record<string, unknown>;
}

/** A server frame: a JSON array, or a binary user broadcast (a client's broadcast, relayed). */
export function decodeFrame(data: unknown): Frame | null {
  try {
    if (typeof data === 'string') {
      const [joinRef, ref, topic, event, payload] = JSON.parse(data) as unknown[];
      return { joinRef, ref, topic, event, payload: (payload ?? {}) as Record<string, unknown> };
    }
    if (!(data instanceof ArrayBuffer)) return null;
    const bytes = new Uint8Array(data);
    if (bytes[0] !== USER_BROADCAST) return null;
    const text = (from: number, length: number) => new TextDecoder().decode(bytes.subarray(from, from + length));
    const [, topicLength = 0, eventLength = 0, metaLength = 0, encoding] = bytes;
    const topic = text(5, topicLength);
    const event = text(5 + topicLength, eventLength);
    const start = 5 + topicLength + eventLength + metaLength;
    const payload = encoding === JSON_ENCODING ? (JSON.parse(text(start, bytes.length - start)) as unknown) : null;
    return { joinRef: null, ref: null, topic, event: 'broadcast', payload: { type: 'broadcast', event, payload } };
  } catch {
    return null;
  }
}

export function openChannel(options: ChannelOptions, handlers: ChannelHandlers): Channel {
  const { topic, backoffMs = [1000, 2000, 5000, 10_000, 30_000], heartbeatMs = 25_000, timeoutMs = 10_000 } = options;
  const createSocket = options.socket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const fullTopic = `realtime:${topic}`;
  let socket: SocketLike | null = null;
  let ref = 0;
  let joinRef = '';
  let joined = false;
  let closed = false;
  let attempt = 0;
  let pendingHeartbeat: string | null = null;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let joinTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const nextRef = () => String(++ref);
  const push = (frame: unknown[]) => socket?.readyState === OPEN && socket.send(JSON.stringify(frame));

  function connect() {
    if (closed) return;
    const s = createSocket(`${options.url}?apikey=${encodeURIComponent(options.apikey)}&vsn=2.0.0`);
    socket = s;
    s.binaryType = 'arraybuffer';
    s.onopen = () => {
      joinRef = nextRef();
      // the join realtime-js sends for a public broadcast channel; no access_token: the API key is the visitor's only credential
      push([
        joinRef,
        joinRef,
        fullTopic,
        'phx_join',
        { config: { broadcast: { ack: false, self: false }, presence: { key: '', enabled: false }, postgres_changes: [], private: false } },
      ]);
      joinTimer = setTimeout(drop, timeoutMs);
      heartbeat = setInterval(() => {
        // the last heartbeat was never answered: the connection is dead even if the socket says open
        if (pendingHeartbeat) return drop();
        pendingHeartbeat = nextRef();
        push([null, pendingHeartbeat, 'phoenix', 'heartbeat', {}]);
      }, heartbeatMs);
    };
    s.onmessage = ({ data }) => {
      const frame = decodeFrame(data);
      if (!frame) return;
      if (frame.topic === 'phoenix') {
        if (frame.ref === pendingHeartbeat) pendingHeartbeat = null;
        return;
      }
      if (frame.topic !== fullTopic) return;
      const status = frame.payload.status;
      if (frame.event === 'phx_reply' && frame.ref === joinRef) {
        clearTimeout(joinTimer);
        if (status !== 'ok') return drop();
        joined = true;
        attempt = 0;
        return handlers.up();
      }
      if (frame.event === 'phx_error' || frame.event === 'phx_close' || (frame.event === 'system' && status === 'error')) return drop();
      const inner = frame.payload;
      if (frame.event === 'broadcast' && typeof inner.event === 'string') handlers.broadcast(inner.event, inner.payload);
    };
    s.onclose = () => {
      if (socket === s) drop();
    };
    s.onerror = () => undefined;
  }

  /** Ends this socket (if any) and, unless closed for good, tries again after the next backoff step. */
  function drop() {
    const wasUp = joined;
    teardown();
    if (closed) return;
    const base = backoffMs[Math.min(attempt, backoffMs.length - 1)] ?? 1000;
    attempt += 1;
    retryTimer = setTimeout(connect, base + Math.floor(Math.random() * base * 0.2));
    if (wasUp || attempt === 1) handlers.down();
  }

  function teardown() {
    joined = false;
    pendingHeartbeat = null;
    clearInterval(heartbeat);
    clearTimeout(joinTimer);
    clearTimeout(retryTimer);
    const s = socket;
    socket = null;
    if (s) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null;
      try {
        s.close();
      } catch {
        // closing a socket that never opened: nothing to clean up
      }
    }
  }

  connect();

  return {
    get joined() {
      return joined;
    },
    send(event, payload) {
      if (!joined || !socket || socket.readyState !== OPEN) return false;
      socket.send(encodeBroadcast(joinRef, nextRef(), fullTopic, event, payload));
      return true;
    },
    close() {
      closed = true;
      teardown();
    },
  };
}
