import { t } from './i18n';

// Calls to the widget's Edge Functions. Every failure is sorted into what the visitor can do
// about it: wait and retry (network, 5xx), slow down (429), start over (401), or nothing (4xx).

export type Failure =
  | { kind: 'network' }
  | { kind: 'server'; status: number }
  | { kind: 'rate_limited'; retryAfter: number }
  | { kind: 'session_expired'; code: string }
  | { kind: 'rejected'; status: number; code: string; message: string };

export type Result<T> = { ok: true; data: T } | { ok: false; failure: Failure };

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
}

/**
 * Seconds to wait from a Retry-After header (delta-seconds or an HTTP date). Cross-origin, the
 * header is only readable if the function exposes it, so the error message's "in N s" is the
 * fallback, then 10 s.
 */
export function retryAfterSeconds(header: string | null, message = '', now = Date.now()): number {
  const value = (header ?? '').trim();
  if (/^\d+$/.test(value)) return Math.max(1, Number(value));
  const date = value ? Date.parse(value) : NaN;
  if (!Number.isNaN(date)) return Math.max(1, Math.ceil((date - now) / 1000));
  const inMessage = /in (\d+) ?s/.exec(message);
  return inMessage ? Math.max(1, Number(inMessage[1])) : 10;
}

export function classify(status: number, body: unknown, retryAfter: string | null): Failure {
  const error = (body as ErrorBody | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : 'error';
  const message = typeof error?.message === 'string' ? error.message : `Request failed (${status})`;
  if (status >= 500) return { kind: 'server', status };
  if (status === 429) return { kind: 'rate_limited', retryAfter: retryAfterSeconds(retryAfter, message) };
  if (status === 401) return { kind: 'session_expired', code };
  return { kind: 'rejected', status, code, message };
}

export function isFailure(value: Response | Failure): value is Failure {
  return 'kind' in value;
}

/** POSTs JSON; a 2xx Response is returned unread (the chat stream), anything else as a Failure. */
export async function call(base: string, name: string, payload: unknown, timeoutMs = 20_000): Promise<Response | Failure> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let response: Response;
  try {
    response = await fetch(`${base}/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
      signal: abort.signal,
    });
  } catch {
    return { kind: 'network' };
  } finally {
    clearTimeout(timer);
  }
  if (response.ok) return response;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: a proxy's error page; the status says enough
  }
  return classify(response.status, body, response.headers.get('Retry-After'));
}

export async function callJson<T>(base: string, name: string, payload: unknown): Promise<Result<T>> {
  const response = await call(base, name, payload);
  if (isFailure(response)) return { ok: false, failure: response };
  try {
    return { ok: true, data: (await response.json()) as T };
  } catch {
    return { ok: false, failure: { kind: 'network' } };
  }
}

/** What a failed send tells the visitor, and whether Retry is worth offering. */
export function sendFailureText(failure: Failure): { text: string; retryable: boolean } {
  switch (failure.kind) {
    case 'network':
      return { text: t('sendOffline'), retryable: true };
    case 'server':
      return { text: t('sendServer'), retryable: true };
    case 'rate_limited':
      return { text: t('sendTooFast', { s: failure.retryAfter }), retryable: true };
    case 'session_expired':
      return { text: t('sendExpired'), retryable: true };
    case 'rejected':
      return { text: t('sendRejected', { message: failure.message }), retryable: false };
  }
}
