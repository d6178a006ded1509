import { afterEach, describe, expect, it, vi } from 'vitest';
import { createComposer } from '@/widget/src/composer';
import type { Session } from '@/widget/src/session';
import type { WidgetState } from '@/widget/src/state';
import { memoryStore, refusalStore, REFUSAL_TTL_MS } from '@/widget/src/storage';
import { Thread } from '@/widget/src/thread';
import type { View } from '@/widget/src/view';

afterEach(() => vi.unstubAllGlobals());

/** A widget's state with a view that renders nothing, connected unless `online` says otherwise. */
function widget(online: { up: boolean }) {
  const view = new Proxy({}, { get: () => () => undefined }) as View;
  const w: WidgetState = {
    base: 'https://functions.example/functions/v1',
    language: 'en',
    view,
    thread: new Thread(),
    token: 'vst_test',
    connected: true,
    stopped: false,
    conversation: null,
    open: true,
    unread: 0,
    sending: 0,
    statusKind: null,
    shownTicket: null,
    teamNoticeShown: false,
    realtimeKey: null,
    hours: null,
    verifiedEmail: null,
    onConversation: () => undefined,
  };
  const session: Session = { ensure: async () => online.up, expire: async () => online.up };
  return { w, composer: createComposer(w, session) };
}

/** The chat function's answer: the visitor's message stored, then the AI's reply. */
function chatStream(n: number): Response {
  const at = new Date(Date.UTC(2026, 10, 30, 12, 0, n)).toISOString();
  const body =
    `event: message\ndata: {"id":"m${n}","created_at":"${at}"}\n\n` +
    `event: done\ndata: {"id":"a${n}","body":"ok","created_at":"${at}","sources":[],"offer_human":false}\n\n`;
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

describe('messages typed offline', () => {
  it('are sent again, in the order typed, once the connection returns', async () => {
    const online = { up: false };
    const sent: string[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      if (!online.up) throw new TypeError('Failed to fetch');
      sent.push((JSON.parse(String(init.body)) as { body: string }).body);
      return chatStream(sent.length);
    });
    const { w, composer } = widget(online);
    composer.send('first');
    composer.send('second');
    await vi.waitFor(() => expect(w.thread.entries.filter((e) => e.state === 'failed')).toHaveLength(2));

    online.up = true;
    await composer.resendOffline();
    expect(sent).toEqual(['first', 'second']);
    expect(w.thread.entries.filter((e) => e.sender === 'visitor').map((e) => [e.body, e.state])).toEqual([
      ['first', 'sent'],
      ['second', 'sent'],
    ]);
    // nothing left to resend: a second `online` sends nothing twice
    await composer.resendOffline();
    expect(sent).toEqual(['first', 'second']);
  });

  it('wait for the next chance when the connection is still down', async () => {
    const online = { up: false };
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    vi.stubGlobal('fetch', fetch);
    const { w, composer } = widget(online);
    composer.send('hello?');
    await vi.waitFor(() => expect(w.thread.entries[0]?.state).toBe('failed'));
    online.up = true; // the browser says online, but requests still fail
    await composer.resendOffline();
    expect(w.thread.entries[0]?.state).toBe('failed');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a message the server refused is not resent', async () => {
    const online = { up: true };
    let calls = 0;
    vi.stubGlobal('fetch', async () => {
      calls += 1;
      return new Response(JSON.stringify({ error: { code: 'invalid_request', message: 'too long' } }), { status: 400 });
    });
    const { w, composer } = widget(online);
    composer.send('refused');
    await vi.waitFor(() => expect(w.thread.entries[0]?.state).toBe('failed'));
    await composer.resendOffline();
    expect(calls).toBe(1);
  });
});

describe('a website that refused the page', () => {
  it('is remembered for an hour, per website key', () => {
    const store = memoryStore();
    let now = 1_000_000;
    const refused = refusalStore('wk_acme_main', store, () => now);
    expect(refused.active()).toBe(false);
    refused.mark();
    expect(refused.active()).toBe(true);
    expect(refusalStore('wk_globex_main', store, () => now).active()).toBe(false);
    now += REFUSAL_TTL_MS;
    expect(refused.active()).toBe(false);
  });
});
