import { z } from 'zod';
import { serve } from '../_shared/handler.ts';
import { json } from '../_shared/http.ts';
import { clientIp, rateLimit } from '../_shared/rate-limit.ts';
import { anonClient, orNull } from '../_shared/supabase.ts';
import { limits, MAX_BODY_BYTES, sessionToken } from '../_shared/widget.ts';

// The visitor's conversation (polled by the widget for agents' replies): all of it, or what came
// after a timestamp.

const body = z.object({ session_token: sessionToken, after: z.iso.datetime({ offset: true }).optional() });

serve({ name: 'widget-messages', methods: ['POST'], maxBytes: MAX_BODY_BYTES }, async (ctx) => {
  const limited = rateLimit(limits.ip, clientIp(ctx.request, ctx.info));
  if (limited) return limited;
  const { session_token, after } = await ctx.json(body);
  const { data, error } = await anonClient().rpc('widget_messages', { p_session_token: session_token, p_after: orNull(after) });
  if (error) return ctx.rpcError(error);
  return json(data);
});
