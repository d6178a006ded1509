import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, callJson, classify, retryAfterSeconds, sendFailureText } from '@/widget/src/api';

afterEach(() => vi.unstubAllGlobals());

describe('how the widget reads failures', () => {
  it('sorts statuses into what the visitor can do', () => {
    expect(classify(503, null, null)).toEqual({ kind: 'server', status: 503 });
    expect(classify(429, null, '7')).toEqual({ kind: 'rate_limited', retryAfter: 7 });
    expect(classify(401, { error: { code: 'invalid_session', message: 'x' } }, null)).toEqual({ kind: 'session_expired', code: 'invalid_session' });
    expect(classify(400, { error: { code: 'invalid_request', message: 'email: must be a valid email address' } }, null)).toEqual({
      kind: 'rejected',
      status: 400,
      code: 'invalid_request',
      message: 'email: must be a valid email address',
    });
  });

  it('reads Retry-After as seconds or a date, else from the message, else 10 s', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(retryAfterSeconds('30')).toBe(30);
    expect(retryAfterSeconds('0')).toBe(1);
    expect(retryAfterSeconds('Mon, 23 Nov 2026 10:00:12 GMT', '', now)).toBe(12);
    expect(retryAfterSeconds(null, 'Too many requests. Try again in 42 s.')).toBe(42);
    expect(retryAfterSeconds(null)).toBe(10);
  });

  it('offers Retry for network, 5xx and 429 failures but not for a refused message', () => {
    expect(sendFailureText({ kind: 'network' }).retryable).toBe(true);
    expect(sendFailureText({ kind: 'server', status: 502 }).retryable).toBe(true);
    expect(sendFailureText({ kind: 'rate_limited', retryAfter: 9 })).toEqual({
      text: "You're sending messages too fast, try again in 9 s.",
      retryable: true,
    });
    expect(sendFailureText({ kind: 'rejected', status: 413, code: 'payload_too_large', message: 'too big' }).retryable).toBe(false);
  });
});

describe('calling a function', () => {
  it('POSTs JSON to <base>/<name> and returns the parsed body', async () => {
    const fetchMock = vi.fn(async () => Response.json({ ok: 1 }));
    vi.stubGlobal('fetch', fetchMock);
    expect(await callJson('https://x.test/functions/v1', 'widget-session', { website_key: 'wk_acme_main' })).toEqual({ ok: true, data: { ok: 1 } });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('https://x.test/functions/v1/widget-session');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ website_key: 'wk_acme_main' });
  });

  it('turns a thrown fetch into a network failure and a non-JSON 502 into a server failure', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    expect(await call('https://x.test', 'chat', {})).toEqual({ kind: 'network' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })),
    );
    expect(await call('https://x.test', 'chat', {})).toEqual({ kind: 'server', status: 502 });
  });

  it('reads a 429 with its Retry-After header', async () => {
    const limited = Response.json({ error: { code: 'rate_limited', message: 'slow down' } }, { status: 429, headers: { 'Retry-After': '12' } });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => limited),
    );
    expect(await call('https://x.test', 'chat', {})).toEqual({ kind: 'rate_limited', retryAfter: 12 });
  });
});
