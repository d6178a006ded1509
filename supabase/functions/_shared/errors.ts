import { jsonError } from './http.ts';

// SQLSTATEs raised by the widget_* functions (see their migrations) and what the API answers.
const bySqlState: Record<string, [number, string]> = {
  '22023': [400, 'invalid_request'],
  '28000': [401, 'invalid_session'],
  '42501': [403, 'forbidden'],
  P0002: [404, 'not_found'],
  '55000': [409, 'not_configured'],
  '23505': [409, 'conflict'],
  // PostgREST answers PT429 with HTTP 429: the per-visitor message limit and the quotas
  PT429: [429, 'rate_limited'],
};

export interface PostgrestErrorLike {
  code?: string;
  message: string;
  hint?: string | null;
}

/** A JSON error response for a failed RPC; unknown failures are logged and answered as 500. */
export function rpcErrorResponse(error: PostgrestErrorLike, overrides: Record<string, string> = {}): Response {
  const mapped = error.code ? bySqlState[error.code] : undefined;
  if (!mapped) {
    console.error('rpc failed', error.code, error.message);
    return jsonError(500, 'internal_error', 'Something went wrong on our side. Please try again.');
  }
  const [status, mappedCode] = mapped;
  const headers: Record<string, string> = {};
  let code = mappedCode;
  if (status === 429) {
    // hint 'retry-after=<s>': seconds until the window frees; 'quota=<name>' for a website's or
    // organization's quota (private.quota_enforce), as opposed to one visitor's message rate
    headers['Retry-After'] = /retry-after=(\d+)/.exec(error.hint ?? '')?.[1] ?? '60';
    if (/(^|\s)quota=/.test(error.hint ?? '')) code = 'quota_exceeded';
  }
  return jsonError(status, overrides[code] ?? code, error.message, headers);
}
