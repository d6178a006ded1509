import { json, jsonError } from './http.ts';

// The one map from a failed RPC (a PostgREST error) to an HTTP answer, for every function.

// SQLSTATEs the functions' RPCs raise on purpose (see their migrations), with a message written
// for the caller, which is passed on. Postgres itself does not raise these with names of tables,
// columns or constraints in the message.
const deliberate: Record<string, [number, string]> = {
  '22023': [400, 'invalid_request'],
  '28000': [401, 'invalid_session'],
  P0002: [404, 'not_found'],
  '55000': [409, 'not_configured'],
  PT409: [409, 'identity_conflict'],
  // PostgREST answers PT429 with HTTP 429: the per-visitor message limit, the quotas and the
  // forced-summary cooldown
  PT429: [429, 'rate_limited'],
};

// SQLSTATEs the RPCs raise on purpose AND Postgres raises on its own, with schema names in the
// text ('duplicate key value violates unique constraint "…"', 'permission denied for table …',
// 'new row violates row-level security policy for table "…"'): a fixed message instead.
const fixed: Record<string, Answer> = {
  '42501': [403, 'forbidden', 'This request is not allowed'],
  '23505': [409, 'conflict', 'This conflicts with something already stored (was an id sent twice?)'],
};

// Passing overload or restarts, not a fault of the request: the caller is told to retry (the
// reliability battery saw each of these answered 500 while Postgres or PostgREST restarted, or
// while a burst of escalations queued on one organization's ticket counter).
const busy: Answer = [503, 'busy', 'The service is busy. Please try again in a moment.', { 'Retry-After': '2' }];
const transient: Record<string, Answer> = {
  '57014': busy, // statement timeout
  '40001': busy, // serialization failure
  '40P01': busy, // deadlock detected (Postgres rolled one side back)
  '53300': busy, // too many connections
  '57P01': busy, // the server is shutting down (admin shutdown)
  PGRST000: busy, // PostgREST cannot reach Postgres
  PGRST001: busy, // PostgREST lost its connection
  PGRST002: busy, // PostgREST is (re)loading its schema cache
  PGRST003: busy, // no pool connection in time
};

// Fixed messages for the codes a caller renames (RpcErrorOptions.rename).
const renamed: Record<string, string> = {
  origin_not_allowed: 'This page is not one of the origins allowed for this website',
};

/** status, code, message and extra headers of an answer */
export type Answer = [number, string, string, Record<string, string>?];

export interface PostgrestErrorLike {
  code?: string;
  message: string;
  hint?: string | null;
}

export interface RpcErrorOptions {
  /** A function's own answers for some SQLSTATEs (fixed messages), checked before the shared ones. */
  answers?: Record<string, Answer>;
  /** New names for the shared codes, where a function's callers know them by another. */
  rename?: Record<string, string>;
  /**
   * The HTTP status PostgREST answered, for calls made with the caller's own session token: a 401
   * or a PGRST30x code (JWT refused) is then the caller's 401, not our failure.
   */
  status?: number;
  /** The request's id (the handler's), which the log line and a 5xx answer carry. */
  requestId?: string;
}

/**
 * A JSON error response for a failed RPC. Messages from Postgres itself are never passed on: they
 * are logged with a request id, which the answer carries so a report can be matched to the log.
 */
export function rpcErrorResponse(error: PostgrestErrorLike, options: RpcErrorOptions = {}): Response {
  const { answers = {}, rename = {}, status } = options;
  if (status !== undefined && (status === 401 || error.code?.startsWith('PGRST30'))) {
    return jsonError(401, 'unauthorized', 'Invalid or expired credentials');
  }
  // No answer from PostgREST at all (supabase.ts's time limit, a reset or refused connection), or
  // an answer that is not PostgREST's (its errors always carry a code): a gateway in front of it
  // saying PostgREST is down or restarting. A passing failure of the link, not of the request, so
  // the caller is told to retry; found by the reliability battery, where escalations retried into
  // a 500 for as long as PostgREST was restarting.
  if (!error.code) {
    const timedOut = /^(TimeoutError|AbortError)\b/.test(error.message ?? '');
    console.error('rpc unanswered', options.requestId, error.message ?? JSON.stringify(error));
    return jsonError(
      503,
      timedOut ? 'upstream_timeout' : 'upstream_unavailable',
      timedOut ? 'The database did not answer in time. Please try again.' : 'The database could not be reached. Please try again.',
      { 'Retry-After': '2' },
    );
  }
  const own = error.code ? answers[error.code] : undefined;
  if (own) return jsonError(own[0], own[1], own[2], own[3]);
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
    return jsonError(status, rename[code] ?? code, error.message, headers);
  }
  const requestId = options.requestId ?? crypto.randomUUID();
  console.error('rpc failed', requestId, error.code, error.message);
  const passing = transient[error.code];
  if (passing) return jsonError(passing[0], passing[1], passing[2], passing[3]);
  const [answeredStatus, code, message] = (error.code ? fixed[error.code] : undefined) ??
    [500, 'internal_error', 'Something went wrong on our side. Please try again.'];
  const answered = rename[code] ?? code;
  return json({ error: { code: answered, message: renamed[answered] ?? message, request_id: requestId } }, {
    status: answeredStatus,
  });
}
