import { z } from 'zod';
import { rpcErrorResponse } from '../_shared/errors.ts';
import { json, preflight } from '../_shared/http.ts';
import { clientIp, rateLimit } from '../_shared/rate-limit.ts';
import { readJson } from '../_shared/request.ts';
import { anonClient } from '../_shared/supabase.ts';
import { limits, MAX_BODY_BYTES, sessionToken } from '../_shared/widget.ts';

// Hands the visitor's conversation to the team: one ticket per conversation, numbered by the
// organization (ACM-004), which Postgres takes from the session's website, never from the client.

const body = z.object({
  session_token: sessionToken,
  email: z.email('must be a valid email address').max(254).optional(),
  name: z.string().trim().max(120).optional(),
  reason: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lower-case code such as visitor_request').optional(),
});

Deno.serve(async (request, info) => {
  const early = preflight(request);
  if (early) return early;
  const ip = clientIp(request, info);
  const limited = rateLimit(limits.ip, ip) ?? rateLimit(limits.escalate, ip);
  if (limited) return limited;
  const parsed = await readJson(request, body, MAX_BODY_BYTES);
  if ('response' in parsed) return parsed.response;
  const { session_token, email, name, reason } = parsed.data;
  const { data, error } = await anonClient().rpc('widget_escalate', {
    p_session_token: session_token,
    p_email: email ?? null,
    p_name: name || null,
    p_reason: reason ?? null,
  });
  if (error) return rpcErrorResponse(error);
  return json(data);
});
