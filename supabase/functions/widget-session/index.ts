import { z } from 'zod';
import { rpcErrorResponse } from '../_shared/errors.ts';
import { json, jsonError, preflight } from '../_shared/http.ts';
import { clientIp, rateLimit } from '../_shared/rate-limit.ts';
import { readJson } from '../_shared/request.ts';
import { anonClient } from '../_shared/supabase.ts';
import { limits, MAX_BODY_BYTES } from '../_shared/widget.ts';

// Opens or resumes a visitor's widget session: the website key and the page's Origin must match
// one of the website's allowed origins. Returns the visitor credential and the conversation so far.

const body = z.object({
  website_key: z.string().regex(/^wk_[A-Za-z0-9_]{4,64}$/, 'must be a website key (wk_…)'),
  session_token: z.string().optional(),
  identity: z
    .object({
      external_id: z.string().min(1).max(255),
      email: z.email().max(254).optional(),
      hmac: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be a hex HMAC-SHA256'),
    })
    .optional(),
});

Deno.serve(async (request, info) => {
  const early = preflight(request);
  if (early) return early;
  const ip = clientIp(request, info);
  const limited = rateLimit(limits.ip, ip) ?? rateLimit(limits.session, ip);
  if (limited) return limited;
  const parsed = await readJson(request, body, MAX_BODY_BYTES);
  if ('response' in parsed) return parsed.response;
  const { website_key, session_token, identity } = parsed.data;
  const origin = request.headers.get('origin');
  if (!origin) return jsonError(403, 'origin_not_allowed', 'The widget must be loaded from a web page (no Origin header)');

  const db = anonClient();
  const started = await db.rpc('widget_start_session', {
    p_website_key: website_key,
    p_origin: origin,
    // a malformed stored token starts a new session instead of failing the page
    p_session_token: session_token && /^vst_[0-9a-f]{64}$/.test(session_token) ? session_token : null,
  });
  if (started.error) return rpcErrorResponse(started.error, { forbidden: 'origin_not_allowed', not_found: 'unknown_website' });
  const session = started.data as { session_token?: string; resumed: boolean };
  const token = session.session_token ?? session_token!;

  let identified: unknown;
  if (identity) {
    const result = await db.rpc('widget_identify', {
      p_session_token: token,
      p_external_id: identity.external_id,
      p_email: identity.email ?? null,
      p_hmac: identity.hmac,
    });
    if (result.error) return rpcErrorResponse(result.error, { invalid_session: 'identity_failed' });
    identified = result.data;
  }

  const history = await db.rpc('widget_messages', { p_session_token: token });
  if (history.error) return rpcErrorResponse(history.error);
  return json({ ...session, session_token: token, ...(history.data as object), ...(identified ? { identity: identified } : {}) });
});
