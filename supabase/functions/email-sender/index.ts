import { z } from 'zod';
import { bearer, isCronSecret } from '../_shared/cron.ts';
import { signRating, signUnsubscribe } from '../_shared/email/links.ts';
import { type EmailContext, renderEmail } from '../_shared/email/templates.ts';
import { configuredTransport, SendError } from '../_shared/email/transports.ts';
import { env } from '../_shared/env.ts';
import { serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';
import { rpcJson, serviceClient } from '../_shared/supabase.ts';

// Delivers the email outbox (public.email_outbox). Called by the scheduler only (pg_cron + pg_net
// every minute hosted, a timer in `npm run dev` locally) with `Authorization: Bearer <CRON_SECRET>`.
//
// Each batch: public.email_claim takes due rows under a lease (for update skip locked, so two
// senders never share a row), each row is rendered and sent, and public.email_mark records the
// outcome right after its send: sent, or back to pending with backoff, or failed for good. A
// crash between a send and its mark leaves the row leased; when the lease runs out it is sent
// again with the same Message-ID / Idempotency-Key (see _shared/email/transports.ts).
// Service role, for these two RPCs only (listed in SECURITY.md).

const body = z.strictObject({
  limit: z.number().int().min(1).max(100).optional(),
});

const TIME_BUDGET_MS = 40_000;
const LEASE_SECONDS = 120;

serve({ name: 'email-sender', methods: ['POST'], maxBytes: 1024 }, async (ctx) => {
  const token = bearer(ctx.request);
  if (!token || !(await isCronSecret(token))) {
    return jsonError(401, 'unauthorized', 'Invalid or missing credentials', { 'WWW-Authenticate': 'Bearer' });
  }
  const opts = await ctx.json(body, { empty: {} });
  const client = serviceClient();
  const transport = configuredTransport();
  const from = env('EMAIL_FROM');
  const appUrl = env('APP_URL').replace(/\/+$/, '');
  const functionsUrl = `${env('SUPABASE_URL').replace(/\/+$/, '')}/functions/v1`;
  const deadline = Date.now() + TIME_BUDGET_MS;
  const tally = { sent: 0, retried: 0, failed: 0 };
  try {
    while (Date.now() < deadline) {
      const { data, error } = await client.rpc('email_claim', { p_limit: opts.limit ?? 20, p_lease_seconds: LEASE_SECONDS });
      if (error) return ctx.rpcError(error);
      const rows = rpcJson<EmailContext[]>(data);
      if (rows.length === 0) break;
      for (const row of rows) {
        let outcome: { sent: true; providerId: string } | { sent: false; error: string; permanent: boolean };
        try {
          const unsubscribe = await signUnsubscribe({ o: row.organization_id, e: row.recipient, k: row.kind });
          const oneClick = `${functionsUrl}/email-unsubscribe?token=${unsubscribe}`;
          // a rating request's links carry a token for its one resolution (signed per send, 30 days)
          const rateUrl =
            row.kind === 'csat_request' && row.data.resolution_id
              ? `${appUrl}/rate/${await signRating({ o: row.organization_id, r: row.data.resolution_id })}`
              : undefined;
          const rendered = await renderEmail(row, { appUrl, unsubscribeUrl: `${appUrl}/unsubscribe?token=${unsubscribe}`, rateUrl });
          const result = await transport.send({
            id: row.id,
            from,
            to: row.recipient,
            ...rendered,
            headers: {
              'List-Unsubscribe': `<${oneClick}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              'X-Concierge-Email': row.kind,
            },
          });
          outcome = { sent: true, providerId: result.providerId };
        } catch (error) {
          const permanent = error instanceof SendError && error.permanent;
          outcome = { sent: false, error: error instanceof Error ? error.message : String(error), permanent };
          ctx.log(`email ${row.id} (${row.kind}) not sent`, outcome.error);
        }
        const marked = await client.rpc('email_mark', {
          p_id: row.id,
          p_sent: outcome.sent,
          p_provider_id: outcome.sent ? outcome.providerId : undefined,
          p_error: outcome.sent ? undefined : outcome.error,
          p_permanent: outcome.sent ? false : outcome.permanent,
        });
        if (marked.error) return ctx.rpcError(marked.error);
        if (outcome.sent) tally.sent += 1;
        else if (outcome.permanent || row.attempts >= 8) tally.failed += 1;
        else tally.retried += 1;
      }
    }
  } finally {
    transport.close();
  }
  return json({ transport: transport.name, ...tally });
});
