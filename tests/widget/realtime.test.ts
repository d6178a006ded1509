import Serializer from '@supabase/realtime-js/dist/main/lib/serializer';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AGENT_TYPING_MS, SEEN_MS, startLive, VISITOR_TYPING_MS } from '@/widget/src/live';
import { startPolling, type Polling } from '@/widget/src/polling';
import { decodeFrame, encodeBroadcast, openChannel, realtimeUrl, type ChannelHandlers, type SocketLike } from '@/widget/src/realtime';
import type { Session } from '@/widget/src/session';
import type { WidgetState } from '@/widget/src/state';
import { Thread } from '@/widget/src/thread';
import type { Conversation } from '@/widget/src/types';
import type { View } from '@/widget/src/view';

/**
 * The widget's live channel (widget/src/realtime.ts, live.ts) and its polling fallback, against a
 * scripted WebSocket: the frames realtime-js would send, reconnection with backoff, catching up
 * after a drop, polling standing down only while the channel is joined.
 */

class FakeSocket implements SocketLike {
  binaryType = 'blob';
  readyState = 0;
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  onmessage: SocketLike['onmessage'] = null;
  sent: (string | ArrayBuffer)[] = [];
  closed = false;
  constructor(readonly url: string) {}
  send(data: string | ArrayBuffer) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  frames(): unknown[][] {
    return this.sent.filter((d): d is string => typeof d === 'string').map((d) => JSON.parse(d) as unknown[]);
  }
  /** The server's answer to the join this socket sent. */
  replyJoin(status: 'ok' | 'error' = 'ok') {
    const join = this.frames().find((f) => f[3] === 'phx_join');
    this.receive([join?.[0], join?.[1], join?.[2], 'phx_reply', { status, response: {} }]);
  }
  receive(frame: unknown[] | ArrayBuffer) {
    this.onmessage?.({ data: frame instanceof ArrayBuffer ? frame : JSON.stringify(frame) });
  }
  broadcast(event: string, payload: unknown) {
    const join = this.frames().find((f) => f[3] === 'phx_join');
    this.receive([null, null, join?.[2], 'broadcast', { type: 'broadcast', event, payload }]);
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

function sockets() {
  const made: FakeSocket[] = [];
  const factory = (url: string) => {
    const s = new FakeSocket(url);
    made.push(s);
    return s;
  };
  return { made, factory, last: () => made[made.length - 1]! };
}

function recorder(): ChannelHandlers & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    up: () => log.push('up'),
    down: () => log.push('down'),
    broadcast: (event, payload) => log.push(`${event} ${JSON.stringify(payload)}`),
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the Realtime protocol as realtime-js speaks it', () => {
  it('finds the Realtime endpoint next to the functions URL', () => {
    expect(realtimeUrl('https://abc.supabase.co/functions/v1')).toBe('wss://abc.supabase.co/realtime/v1/websocket');
    expect(realtimeUrl('http://127.0.0.1:54321/functions/v1')).toBe('ws://127.0.0.1:54321/realtime/v1/websocket');
    expect(realtimeUrl('https://cdn.example/fn')).toBeNull();
  });

  it('encodes a client broadcast byte for byte as realtime-js does', () => {
    const expected = new Serializer().encode(
      {
        join_ref: '1',
        ref: '7',
        topic: 'realtime:widget:ab',
        event: 'broadcast',
        payload: { type: 'broadcast', event: 'typing', payload: { from: 'visitor' } },
      },
      (x: unknown) => x,
    ) as ArrayBuffer;
    const mine = encodeBroadcast('1', '7', 'realtime:widget:ab', 'typing', { from: 'visitor' });
    expect(new Uint8Array(mine)).toEqual(new Uint8Array(expected));
  });

  it('decodes a relayed binary broadcast as realtime-js does', () => {
    const enc = new TextEncoder();
    const [topic, event, body] = ['realtime:widget:ab', 'typing', enc.encode(JSON.stringify({ from: 'agent' }))].map((x) =>
      typeof x === 'string' ? enc.encode(x) : x,
    ) as Uint8Array[];
    const bytes = new Uint8Array(5 + topic!.length + event!.length + body!.length);
    bytes.set([4, topic!.length, event!.length, 0, 1]);
    bytes.set(topic!, 5);
    bytes.set(event!, 5 + topic!.length);
    bytes.set(body!, 5 + topic!.length + event!.length);
    const theirs = new Serializer().decode(bytes.buffer, (x: unknown) => x) as { topic: string; payload: unknown };
    const mine = decodeFrame(bytes.buffer);
    expect(mine?.topic).toBe(theirs.topic);
    expect(mine?.payload).toEqual(theirs.payload);
    expect(decodeFrame('not json')).toBeNull();
  });

  it('joins a public channel with the API key and no user token, then reports it up', () => {
    const s = sockets();
    const h = recorder();
    openChannel({ url: 'wss://x/realtime/v1/websocket', apikey: 'anon key', topic: 'widget:ab', socket: s.factory }, h);
    expect(s.last().url).toBe('wss://x/realtime/v1/websocket?apikey=anon%20key&vsn=2.0.0');
    s.last().open();
    const [join] = s.last().frames();
    expect(join?.slice(2, 4)).toEqual(['realtime:widget:ab', 'phx_join']);
    expect(join?.[4]).toEqual({
      config: { broadcast: { ack: false, self: false }, presence: { key: '', enabled: false }, postgres_changes: [], private: false },
    });
    s.last().replyJoin();
    s.last().broadcast('changed', { kind: 'message' });
    s.last().receive([null, null, 'realtime:widget:other', 'broadcast', { type: 'broadcast', event: 'changed', payload: {} }]);
    expect(h.log).toEqual(['up', 'changed {"kind":"message"}']);
  });

  it('reconnects with growing waits after drops, and says up again once rejoined', () => {
    const s = sockets();
    const h = recorder();
    openChannel({ url: 'wss://x', apikey: 'k', topic: 'widget:ab', socket: s.factory, backoffMs: [1000, 5000] }, h);
    s.last().open();
    s.last().replyJoin();
    s.last().drop();
    expect(h.log).toEqual(['up', 'down']);
    vi.advanceTimersByTime(999);
    expect(s.made).toHaveLength(1);
    vi.advanceTimersByTime(201); // at most 20 % jitter
    expect(s.made).toHaveLength(2);
    s.last().drop(); // the service is still away: no second "down"
    vi.advanceTimersByTime(4999);
    expect(s.made).toHaveLength(2);
    vi.advanceTimersByTime(1001);
    expect(s.made).toHaveLength(3);
    s.last().open();
    s.last().replyJoin();
    expect(h.log).toEqual(['up', 'down', 'up']);
  });

  it('treats an unanswered heartbeat, a refused join and a server-side close as drops', () => {
    const s = sockets();
    const h = recorder();
    openChannel({ url: 'wss://x', apikey: 'k', topic: 'widget:ab', socket: s.factory, backoffMs: [100], heartbeatMs: 1000 }, h);
    s.last().open();
    s.last().replyJoin();
    vi.advanceTimersByTime(1000);
    const beat = s
      .last()
      .frames()
      .find((f) => f[3] === 'heartbeat');
    expect(beat?.[2]).toBe('phoenix');
    s.last().receive([null, beat?.[1], 'phoenix', 'phx_reply', { status: 'ok', response: {} }]);
    vi.advanceTimersByTime(1000); // answered: a second heartbeat, socket kept
    expect(s.last().closed).toBe(false);
    vi.advanceTimersByTime(1000); // the second was not answered
    expect(s.made[0]?.closed).toBe(true);
    expect(h.log).toEqual(['up', 'down']);

    vi.advanceTimersByTime(200);
    s.last().open();
    s.last().replyJoin('error');
    expect(s.last().closed).toBe(true);
    vi.advanceTimersByTime(200);
    s.last().open();
    s.last().replyJoin();
    s.last().receive([null, null, 'realtime:widget:ab', 'phx_close', {}]);
    expect(s.last().closed).toBe(true);
    expect(h.log).toEqual(['up', 'down', 'up', 'down']);
  });

  it('a join with no answer times out and is retried', () => {
    const s = sockets();
    const h = recorder();
    openChannel({ url: 'wss://x', apikey: 'k', topic: 'widget:ab', socket: s.factory, backoffMs: [100], timeoutMs: 500 }, h);
    s.last().open();
    vi.advanceTimersByTime(500);
    expect(s.made[0]?.closed).toBe(true);
    expect(h.log).toEqual(['down']);
    vi.advanceTimersByTime(200);
    expect(s.made).toHaveLength(2);
  });

  it('sends broadcasts only while joined, and stops for good when closed', () => {
    const s = sockets();
    const channel = openChannel({ url: 'wss://x', apikey: 'k', topic: 'widget:ab', socket: s.factory, backoffMs: [100] }, recorder());
    expect(channel.send('typing', { from: 'visitor' })).toBe(false);
    s.last().open();
    s.last().replyJoin();
    expect(channel.send('typing', { from: 'visitor' })).toBe(true);
    expect(s.last().sent.at(-1)).toBeInstanceOf(ArrayBuffer);
    channel.close();
    expect(s.last().closed).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(s.made).toHaveLength(1);
  });
});

/** A widget state whose view records what the visitor would see. */
function widget(conversation: Partial<Conversation> = {}) {
  const seen: string[] = [];
  const view = new Proxy({} as View, {
    get: (_t, name) => (arg: unknown) => {
      if (name === 'typing') seen.push(`typing ${String(arg)}`);
    },
  });
  const w: WidgetState = {
    base: 'https://abc.supabase.co/functions/v1',
    language: 'en',
    view,
    thread: new Thread(),
    token: 'vst_test',
    connected: true,
    stopped: false,
    conversation: { id: 'c1', status: 'open', is_escalated: false, is_resolved: false, agent_name: 'Grace', widget_topic: 'ab', ...conversation },
    open: true,
    unread: 0,
    sending: 0,
    statusKind: null,
    shownTicket: null,
    teamNoticeShown: false,
    realtimeKey: 'anon',
    hours: null,
    verifiedEmail: null,
    onConversation: () => undefined,
  };
  return { w, seen };
}

function pollingSpy(): Polling & { calls: string[] } {
  const calls: string[] = [];
  return { calls, schedule: (d) => calls.push(`schedule ${d ?? ''}`), fetch: () => calls.push('fetch'), stop: () => undefined };
}

describe('live updates in the widget', () => {
  it('fetches on (re)join and on `changed`, and hands back to polling while down', () => {
    const s = sockets();
    const { w } = widget();
    const polling = pollingSpy();
    const live = startLive(w, polling, { socket: s.factory, backoffMs: [100] });
    live.sync();
    expect(s.last().url).toContain('apikey=anon');
    s.last().open();
    s.last().replyJoin();
    expect([live.up, polling.calls]).toEqual([true, ['fetch']]);
    s.last().broadcast('changed', { kind: 'message' });
    expect(polling.calls).toEqual(['fetch', 'fetch']);
    s.last().drop();
    expect([live.up, polling.calls.at(-1)]).toEqual([false, 'schedule 0']);
    vi.advanceTimersByTime(200);
    s.last().open();
    s.last().replyJoin();
    // caught up on what came while it was down
    expect([live.up, polling.calls.at(-1)]).toEqual([true, 'fetch']);
  });

  it('shows "is typing" on the agent’s typing, until the reply or a few quiet seconds', () => {
    const s = sockets();
    const { w, seen } = widget();
    const live = startLive(w, pollingSpy(), { socket: s.factory });
    live.sync();
    s.last().open();
    s.last().replyJoin();
    s.last().broadcast('typing', { from: 'visitor' });
    expect(seen).toEqual([]);
    s.last().broadcast('typing', { from: 'agent' });
    expect(seen).toEqual(['typing Grace']);
    s.last().broadcast('changed', { kind: 'message' });
    expect(seen).toEqual(['typing Grace', 'typing null']);
    s.last().broadcast('typing', { from: 'agent' });
    vi.advanceTimersByTime(AGENT_TYPING_MS);
    expect(seen).toEqual(['typing Grace', 'typing null', 'typing Grace', 'typing null']);
  });

  it('tells the team the visitor is typing, at most once every few seconds', () => {
    const s = sockets();
    let now = 0;
    const { w } = widget();
    const live = startLive(w, pollingSpy(), { socket: s.factory, now: () => now });
    live.sync();
    live.typed(); // not joined yet: dropped
    s.last().open();
    s.last().replyJoin();
    const before = s.last().sent.length;
    live.typed();
    live.typed();
    now += VISITOR_TYPING_MS;
    live.typed();
    const binary = s
      .last()
      .sent.slice(before)
      .filter((d) => d instanceof ArrayBuffer) as ArrayBuffer[];
    expect(binary).toHaveLength(2);
    expect(decodeBroadcastPush(binary[0]!)).toEqual({ topic: 'realtime:widget:ab', event: 'typing', payload: { from: 'visitor' } });
  });

  it('marks the session seen every 45 s while joined, the panel open and the tab visible (no polling does it then)', () => {
    const page = { hidden: false };
    vi.stubGlobal('document', page);
    const s = sockets();
    const { w } = widget({ handled_by_team: true });
    const polling = pollingSpy();
    const live = startLive(w, polling, { socket: s.factory, backoffMs: [100] });
    /** Time passes on a healthy connection: the server answers every heartbeat. */
    const pass = (ms: number) => {
      for (let t = 0; t < ms; t += 1000) {
        vi.advanceTimersByTime(1000);
        for (const f of s
          .last()
          .frames()
          .filter((f) => f[3] === 'heartbeat'))
          s.last().receive([null, f[1], 'phoenix', 'phx_reply', { status: 'ok' }]);
      }
    };
    const fetches = () => polling.calls.filter((c) => c === 'fetch').length;
    live.sync();
    s.last().open();
    s.last().replyJoin();
    expect(fetches()).toBe(1);
    pass(SEEN_MS);
    expect(fetches()).toBe(2);
    pass(SEEN_MS);
    expect(fetches()).toBe(3);
    // the panel closed (the channel stays for the team's replies) or the tab hidden: the visitor is not watching
    w.open = false;
    pass(SEEN_MS);
    w.open = true;
    page.hidden = true;
    pass(SEEN_MS);
    expect(fetches()).toBe(3);
    page.hidden = false;
    pass(SEEN_MS);
    expect(fetches()).toBe(4);
    // dropped: polling takes over (it marks the session seen itself), the heartbeat stops
    s.last().drop();
    pass(2 * SEEN_MS);
    expect(fetches()).toBe(4);
    live.stop();
  });

  it('listens only while the panel is open or the team has the conversation, and never without a key or a topic', () => {
    const s = sockets();
    const { w } = widget();
    const polling = pollingSpy();
    const live = startLive(w, polling, { socket: s.factory });
    w.open = false;
    live.sync();
    expect(s.made).toHaveLength(0);
    w.conversation = { ...w.conversation!, handled_by_team: true };
    live.sync();
    expect(s.made).toHaveLength(1);
    s.last().open();
    s.last().replyJoin();
    w.conversation = { ...w.conversation!, handled_by_team: false };
    live.sync();
    expect([s.last().closed, live.up, polling.calls.at(-1)]).toEqual([true, false, 'schedule 0']);

    w.open = true;
    w.realtimeKey = null;
    live.sync();
    w.realtimeKey = 'anon';
    w.conversation = { ...w.conversation!, widget_topic: undefined };
    live.sync();
    expect(s.made).toHaveLength(1);
  });
});

describe('polling as the fallback', () => {
  function pollingWidget(live: { up: boolean }) {
    const requests: string[] = [];
    vi.stubGlobal('document', { hidden: false, addEventListener: () => undefined, removeEventListener: () => undefined });
    vi.stubGlobal('window', { addEventListener: () => undefined, removeEventListener: () => undefined });
    let release: () => void = () => undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        requests.push(url);
        await new Promise<void>((resolve) => (release = resolve));
        return Response.json({ conversation: { id: 'c1', status: 'open', is_escalated: false, is_resolved: false, agent_name: null }, messages: [] });
      }),
    );
    const { w } = widget();
    const session: Session = { ensure: async () => true, expire: async () => true };
    const polling = startPolling(w, session, () => live.up);
    return { requests, polling, release: () => release() };
  }

  it('polls every 3 s while the channel is down, not at all while it is joined', async () => {
    const live = { up: true };
    const { requests, polling, release } = pollingWidget(live);
    polling.schedule(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests).toHaveLength(0);
    live.up = false;
    polling.schedule(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    release();
    await vi.advanceTimersByTimeAsync(3000);
    expect(requests).toHaveLength(2);
    polling.stop();
  });

  it('coalesces the fetches that `changed` events ask for while one is running', async () => {
    const { requests, polling, release } = pollingWidget({ up: true });
    polling.fetch();
    polling.fetch();
    polling.fetch();
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(2);
    release();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests).toHaveLength(2);
    polling.stop();
  });
});

/** What realtime-js's server side would read from a user broadcast push. */
function decodeBroadcastPush(buffer: ArrayBuffer) {
  const bytes = new Uint8Array(buffer);
  const [, joinRef = 0, ref = 0, topic = 0, event = 0, meta = 0] = bytes;
  const text = (from: number, n: number) => new TextDecoder().decode(bytes.subarray(from, from + n));
  const at = 7 + joinRef + ref;
  return {
    topic: text(at, topic),
    event: text(at + topic, event),
    payload: JSON.parse(text(at + topic + event + meta, bytes.length)) as unknown,
  };
}
