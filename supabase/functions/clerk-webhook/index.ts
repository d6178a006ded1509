import { Webhook } from 'svix';
import { z } from 'zod';
import { clerkSecretKey, drainOutbox } from '../_shared/clerk-sync.ts';
import { env } from '../_shared/env.ts';
import { type Context, serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';
import { asJson, serviceClient } from '../_shared/supabase.ts';

// Clerk's webhook (Svix-signed). user.created / user.updated / user.deleted mirror the user,
// accept invitations and assign a new user to an organization; organization.*,
// organizationMembership.* and organizationInvitation.* mirror what changed in Clerk;
// session.created (a sign-in) accepts the invitations of a user who belongs nowhere. Each is one
// call of public.sync_clerk_event, deduped on svix-id. The local identity provider (the app's
// local sign-up and sign-in) sends the same signed user events here, so both run the same code.
// In Clerk mode (CLERK_SECRET_KEY set) the changes this made here (a sign-up's organization and
// membership) are then sent to Clerk's Backend API through the outbox (_shared/clerk-api.ts).

const eventSchema = z.object({
  type: z.string().min(1).max(100),
  data: z.object({ id: z.string().regex(/^[A-Za-z0-9_]{1,64}$/) }).passthrough(),
});
type ClerkEvent = z.infer<typeof eventSchema>;
const HANDLED = /^(user\.(created|updated|deleted)|session\.created|organization\.(created|updated|deleted)|organizationMembership\.(created|updated|deleted)|organizationInvitation\.(created|accepted|revoked))$/;

async function syncEvent(ctx: Context, deliveryId: string, event: ClerkEvent): Promise<Response> {
  // service role, for public.sync_clerk_event only; listed in SECURITY.md
  const { data, error } = await serviceClient().rpc('sync_clerk_event', {
    p_delivery_id: deliveryId,
    p_event: asJson(event),
    p_clerk_mode: clerkSecretKey() !== null,
  });
  if (error?.code === '22023') return jsonError(400, 'invalid_event', error.message || 'Invalid event');
  if (error?.code === 'P0002') {
    // a membership of a user whose user.created is not here yet: Svix delivers it again later
    return jsonError(409, 'not_ready', error.message || 'A user of this event is not synchronized yet');
  }
  if (error) {
    ctx.log('sync_clerk_event failed', error.code, error.message);
    // 500 makes Svix retry the delivery later; nothing was committed.
    return jsonError(500, 'sync_failed', 'The event could not be synchronized');
  }
  // Send what the event changed here to Clerk now; a failure stays in the outbox for clerk-sync.
  try {
    const drained = await drainOutbox(5_000);
    if (drained?.failed) ctx.log('clerk outbox: calls failed, retried later', drained.errors.join('; '));
  } catch (drainError) {
    ctx.log('clerk outbox drain failed, retried later', String(drainError));
  }
  return json(data);
}

serve({ name: 'clerk-webhook', methods: ['POST'], maxBytes: 256 * 1024 }, async (ctx) => {
  // At most maxBytes are read (413 beyond, however the body is sent) before any of it is
  // verified: an unauthenticated sender cannot make the function hold a large body in memory.
  const body = new TextDecoder().decode(await ctx.bytes());

  // Verify over the raw body before parsing anything; svix also refuses timestamps more than
  // five minutes away, so a captured delivery cannot be replayed later.
  const headers = {
    'svix-id': ctx.request.headers.get('svix-id') ?? '',
    'svix-timestamp': ctx.request.headers.get('svix-timestamp') ?? '',
    'svix-signature': ctx.request.headers.get('svix-signature') ?? '',
  };
  let verified: unknown;
  try {
    verified = new Webhook(env('CLERK_WEBHOOK_SIGNING_SECRET')).verify(body, headers);
  } catch (_error) {
    return jsonError(401, 'invalid_signature', 'The webhook signature is missing, invalid or too old');
  }

  const type = (verified as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && !HANDLED.test(type)) return json({ status: 'ignored', type });
  const event = eventSchema.safeParse(verified);
  if (!event.success) return jsonError(400, 'invalid_event', 'Expected a Clerk event {type, data: {id}}');

  return await syncEvent(ctx, headers['svix-id'], event.data);
});
