import { z } from 'zod';
import { serve } from '../_shared/handler.ts';
import { json } from '../_shared/http.ts';
import { clientIp, rateLimit } from '../_shared/rate-limit.ts';
import { anonClient } from '../_shared/supabase.ts';
import { limits, MAX_BODY_BYTES, sessionToken } from '../_shared/widget.ts';

// The visitor asks for their conversation by email. public.widget_request_transcript enqueues it
// for the address the visitor left with us (never one given here), once per state of the
// conversation; the email-sender delivers it.

const body = z.strictObject({ session_token: sessionToken });

serve({ name: 'widget-transcript', methods: ['POST'], maxBytes: MAX_BODY_BYTES }, async (ctx) => {
  const limited = rateLimit(limits.ip, clientIp(ctx.request, ctx.info));
  if (limited) return limited;
  const { session_token } = await ctx.json(body);
  const { data, error } = await anonClient().rpc('widget_request_transcript', { p_session_token: session_token });
  if (error) return ctx.rpcError(error, { answers: { '22023': [409, 'email_required', 'Leave your email first'] } });
  return json(data, { status: 202 });
});
