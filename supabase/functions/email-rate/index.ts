import { z } from 'zod';
import { verifyRating } from '../_shared/email/links.ts';
import { serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';
import { orNull, rpcJson, serviceClient } from '../_shared/supabase.ts';

// The rating links of CSAT emails (the app's /rate page calls this). The signed token
// (_shared/email/links.ts) is the only credential: it names one resolution of one organization and
// expires. Without a rating the call only reads what the link can still do (the page's first
// render: link scanners open links, and a GET must not rate); with one it records it through
// public.email_rate_conversation, the widget's rule: one rating per resolution, and only while it
// is the conversation's latest. The signature is checked before any database work, so there is no
// per-IP limit (the calls come from the app's server). Service role, for that one RPC (listed in
// SECURITY.md).
// Answers 200 {status: due | rated | already_rated | reopened, rating}; 400 invalid_token or
// expired_token.

const body = z.strictObject({
  token: z.string().min(1).max(2000),
  rating: z.int('must be 1 to 5').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5').optional(),
  comment: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
});

export type RateStatus = 'due' | 'rated' | 'already_rated' | 'reopened';

serve({ name: 'email-rate', methods: ['POST'], maxBytes: 8 * 1024 }, async (ctx) => {
  const input = await ctx.json(body);
  const claims = await verifyRating(input.token);
  if (claims === 'expired') return jsonError(400, 'expired_token', 'This rating link has expired');
  if (!claims) return jsonError(400, 'invalid_token', 'This rating link is not valid');
  const { data, error } = await serviceClient().rpc('email_rate_conversation', {
    p_org: claims.o,
    p_resolution: claims.r,
    p_rating: orNull(input.rating),
    p_comment: orNull(input.comment || null),
  });
  if (error) return ctx.rpcError(error);
  return json(rpcJson<{ status: RateStatus; rating: number | null }>(data));
});
