import { z } from 'zod';
import { serve } from '../_shared/handler.ts';
import { json } from '../_shared/http.ts';
import { clientIp, rateLimit } from '../_shared/rate-limit.ts';
import { anonClient, orNull, rpcJson } from '../_shared/supabase.ts';
import { limits, MAX_BODY_BYTES, sessionToken } from '../_shared/widget.ts';

// The visitor's ratings: a thumbs up (1) or down (-1) on one of the assistant's answers, or, once
// the conversation is resolved, its satisfaction (CSAT, 1-5 with an optional comment).
// public.widget_rate_answer and public.widget_rate_conversation take the conversation from the
// session token, so only the visitor's own conversation is rated. A second thumb replaces the
// first; a resolution takes one CSAT rating (409 for a second).

const answer = z.strictObject({
  session_token: sessionToken,
  message_id: z.uuid('must be the id of an answer'),
  rating: z.union([z.literal(1), z.literal(-1)], 'must be 1 (helpful) or -1 (not helpful)'),
});

const csat = z.strictObject({
  session_token: sessionToken,
  csat: z.int('must be 1 to 5').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5'),
  comment: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
});

serve({ name: 'widget-rate', methods: ['POST'], maxBytes: MAX_BODY_BYTES }, async (ctx) => {
  const limited = rateLimit(limits.ip, clientIp(ctx.request, ctx.info));
  if (limited) return limited;
  const input = await ctx.json(z.union([answer, csat]));
  if ('csat' in input) {
    const { data, error } = await anonClient().rpc('widget_rate_conversation', {
      p_session_token: input.session_token,
      p_rating: input.csat,
      p_comment: orNull(input.comment || null),
    });
    if (error) return ctx.rpcError(error);
    return json(rpcJson<{ rating: number; comment: string | null }>(data));
  }
  const { data, error } = await anonClient().rpc('widget_rate_answer', {
    p_session_token: input.session_token,
    p_message_id: input.message_id,
    p_rating: input.rating,
  });
  if (error) return ctx.rpcError(error);
  return json(rpcJson<{ message_id: string; rating: number }>(data));
});
