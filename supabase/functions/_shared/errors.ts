import { json, jsonError } from './http.ts';

// SQLSTATEs the widget_* functions raise on purpose (see their migrations), with a message written
// for the visitor, which is passed on. Postgres itself does not raise these with names of tables,
// columns or constraints in the message.
const deliberate: Record<string, [number, string]> = {
  '22023': [400, 'invalid_request'],
  '28000': [401, 'invalid_session'],
  P0002: [404, 'not_found'],
  '55000': [409, 'not_configured'],
  PT409: [409, 'identity_conflict'],
  // PostgREST answers PT429 with HTTP 429: the per-visitor message limit and the quotas
  PT429: [429, 'rate_limited'],
};

// SQLSTATEs the widget functions raise on purpose AND Postgres raises on its own, with schema
// names in the text ('duplicate key value violates unique constraint "…"', 'permission denied for
// table …', 'new row violates row-level security policy for table "…"'): a fixed message instead.
const fixed: Record<string, [number, string, string]> = {
  '42501': [403, 'forbidden', 'This request is not allowed'],
  '23505': [409, 'conflict', 'This conflicts with something already stored (was an id sent twice?)'],
};

// Fixed messages for the codes a caller renames (overrides below).
const renamed: Record<string, string> = {
  origin_not_allowed: 'This page is not one of the origins allowed for this website',
};

export interface PostgrestErrorLike {
  code?: string;
  message: string;
  hint?: string | null;
}

/**
 * A JSON error response for a failed RPC. Messages from Postgres itself are never passed on: they
 * are logged with a request id, which the answer carries so a report can be matched to the log.
 */
export function rpcErrorResponse(error: PostgrestErrorLike, overrides: Record<string, string> = {}): Response {
  const known = error.code ? deliberate[error.code] : undefined;
  if (known) {
    const [status, mappedCode] = known;
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
  const requestId = crypto.randomUUID();
  console.error('rpc failed', requestId, error.code, error.message);
  const [status, code, message] = (error.code ? fixed[error.code] : undefined) ??
    [500, 'internal_error', 'Something went wrong on our side. Please try again.'];
  const answered = overrides[code] ?? code;
  return json({ error: { code: answered, message: renamed[answered] ?? message, request_id: requestId } }, { status });
}
