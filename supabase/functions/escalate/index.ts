import { z } from 'zod';
import { serve } from '../_shared/handler.ts';
import { json } from '../_shared/http.ts';
import { clientIp, rateLimit } from '../_shared/rate-limit.ts';
import { anonClient, orNull } from '../_shared/supabase.ts';
import { limits, MAX_BODY_BYTES, sessionToken } from '../_shared/widget.ts';

// Hands the visitor's conversation to the team: one ticket per conversation, numbered by the
// organization (ACM-004), which Postgres takes from the session's website, never from the client.

const body = z.object({
  session_token: sessionToken,
  email: z.email('must be a valid email address').max(254).optional(),
  name: z.string().trim().max(120).optional(),
  reason: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lower-case code such as visitor_request').optional(),
});

serve({ name: 'escalate', methods: ['POST'], maxBytes: MAX_BODY_BYTES }, async (ctx) => {
  const ip = clientIp(ctx.request, ctx.info);
  const limited = rateLimit(limits.ip, ip) ?? rateLimit(limits.escalate, ip);
  if (limited) return limited;
  const { session_token, email, name, reason } = await ctx.json(body);
  const { data, error } = await anonClient().rpc('widget_escalate', {
    p_session_token: session_token,
    p_email: orNull(email),
    p_name: orNull(name || null),
    p_reason: orNull(reason),
  });
  if (error) return ctx.rpcError(error);
  return json(data);
});
