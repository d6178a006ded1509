import { z } from 'zod';
import { serve } from '../_shared/handler.ts';
import { json } from '../_shared/http.ts';
import { clientIp, rateLimit } from '../_shared/rate-limit.ts';
import { anonClient, rpcJson } from '../_shared/supabase.ts';
import { limits, MAX_BODY_BYTES, sessionToken } from '../_shared/widget.ts';

// The visitor's thumbs up (1) or down (-1) on one of the assistant's answers.
// public.widget_rate_answer takes the conversation from the session token, so only the answers of
// the visitor's own conversation can be rated; a second rating replaces the first.

const body = z.strictObject({
  session_token: sessionToken,
  message_id: z.uuid('must be the id of an answer'),
  rating: z.union([z.literal(1), z.literal(-1)], 'must be 1 (helpful) or -1 (not helpful)'),
});

serve({ name: 'widget-rate', methods: ['POST'], maxBytes: MAX_BODY_BYTES }, async (ctx) => {
  const limited = rateLimit(limits.ip, clientIp(ctx.request, ctx.info));
  if (limited) return limited;
  const { session_token, message_id, rating } = await ctx.json(body);
  const { data, error } = await anonClient().rpc('widget_rate_answer', {
    p_session_token: session_token,
    p_message_id: message_id,
    p_rating: rating,
  });
  if (error) return ctx.rpcError(error);
  return json(rpcJson<{ message_id: string; rating: number }>(data));
});
