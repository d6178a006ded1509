import { Webhook } from 'svix';
import { z } from 'zod';
import { env } from '../_shared/env.ts';
import { type Context, serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';
import { asJson, serviceClient } from '../_shared/supabase.ts';

// Clerk's user webhook (Svix-signed): user.created / user.updated / user.deleted become one call
// of public.sync_clerk_user, which mirrors the user, accepts invitations and assigns a new user
// to an organization. The local identity provider (the app's local sign-up and sign-in) sends
// the same signed events here, so both run the same code. Deliveries are deduped on svix-id.

const eventSchema = z.object({
  type: z.string().min(1).max(100),
  data: z.object({ id: z.string().regex(/^[A-Za-z0-9_]{1,64}$/) }).passthrough(),
});
type UserEvent = z.infer<typeof eventSchema>;
const HANDLED = new Set(['user.created', 'user.updated', 'user.deleted']);

async function syncUser(ctx: Context, deliveryId: string, event: UserEvent): Promise<Response> {
  // service role, for public.sync_clerk_user only; listed in SECURITY.md
  const { data, error } = await serviceClient().rpc('sync_clerk_user', { p_delivery_id: deliveryId, p_event: asJson(event) });
  if (!error) return json(data);
  if (error.code === '22023') return jsonError(400, 'invalid_event', error.message || 'Invalid event');
  ctx.log('sync_clerk_user failed', error.code, error.message);
  // 500 makes Svix retry the delivery later; nothing was committed.
  return jsonError(500, 'sync_failed', 'The user could not be synchronized');
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
  if (typeof type === 'string' && !HANDLED.has(type)) return json({ status: 'ignored', type });
  const event = eventSchema.safeParse(verified);
  if (!event.success) return jsonError(400, 'invalid_event', 'Expected a Clerk user event {type, data: {id}}');

  return await syncUser(ctx, headers['svix-id'], event.data);
});
