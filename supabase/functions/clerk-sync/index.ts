import { drainOutbox } from '../_shared/clerk-sync.ts';
import { isCronSecret } from '../_shared/cron.ts';
import { serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';

// Retries of the Clerk outbox: the scheduler (pg_cron + pg_net hosted, every minute) calls it with
// `Authorization: Bearer <CRON_SECRET>`; it sends every due change to Clerk's Backend API for up
// to 20 s. The clerk-webhook function drains after each delivery too, so most changes reach
// Clerk at once; this catches what failed (a 429, a 5xx) and changes made in the dashboard.

serve({ name: 'clerk-sync', methods: ['POST'], maxBytes: 1024 }, async (ctx) => {
  const token = ctx.request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
  if (!(await isCronSecret(token))) return jsonError(401, 'unauthorized', 'The scheduler secret is required');
  const result = await drainOutbox(20_000);
  if (result === null) return json({ status: 'disabled', reason: 'CLERK_SECRET_KEY is not set (local mode)' });
  return json({ status: 'drained', ...result });
});
