import { z } from 'zod';
import { verifyUnsubscribe } from '../_shared/email/links.ts';
import { serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';
import { serviceClient } from '../_shared/supabase.ts';

// Honours a signed unsubscribe link (_shared/email/links.ts). Two callers:
//   - mail clients' one-click unsubscribe (RFC 8058): POST ?token=… with the form body
//     `List-Unsubscribe=One-Click`;
//   - the app's /unsubscribe page: POST {"token": "…"}.
// A token is the only credential: its signature proves this project issued it for that
// organization, address and kind of email. Service role, for public.email_unsubscribe only
// (listed in SECURITY.md).

const body = z.strictObject({ token: z.string().min(1).max(2000) });

serve({ name: 'email-unsubscribe', methods: ['POST'], maxBytes: 4096 }, async (ctx) => {
  const fromQuery = ctx.url.searchParams.get('token');
  const token = fromQuery ?? (await ctx.json(body)).token;
  const claims = await verifyUnsubscribe(token);
  if (!claims) return jsonError(400, 'invalid_token', 'This unsubscribe link is not valid');
  const { error } = await serviceClient().rpc('email_unsubscribe', { p_org: claims.o, p_email: claims.e, p_kind: claims.k });
  if (error) return ctx.rpcError(error);
  return json({ unsubscribed: true, kind: claims.k });
});
