import { Webhook } from 'svix';
import { z } from 'zod';
import { json, jsonError, preflight } from '../_shared/http.ts';
import { readBody } from '../_shared/request.ts';

// Clerk's user webhook (Svix-signed): user.created / user.updated / user.deleted become one call
// of public.sync_clerk_user, which mirrors the user, accepts invitations and assigns a new user
// to an organization. The local identity provider (the app's local sign-up and sign-in) sends
// the same signed events here, so both run the same code. Deliveries are deduped on svix-id.

const MAX_BODY_BYTES = 256 * 1024;

const eventSchema = z.object({
  type: z.string().min(1).max(100),
  data: z.object({ id: z.string().regex(/^[A-Za-z0-9_]{1,64}$/) }).passthrough(),
});
const HANDLED = new Set(['user.created', 'user.updated', 'user.deleted']);

function env(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function syncUser(deliveryId: string, event: unknown): Promise<Response> {
  const serviceKey = env('SUPABASE_SERVICE_ROLE_KEY');
  const res = await fetch(`${env('SUPABASE_URL')}/rest/v1/rpc/sync_clerk_user`, {
    method: 'POST',
    headers: { apikey: serviceKey, authorization: `Bearer ${serviceKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ p_delivery_id: deliveryId, p_event: event }),
  });
  const body = await res.json().catch(() => null);
  if (res.ok) return json(body);
  if (body?.code === '22023') return jsonError(400, 'invalid_event', String(body.message ?? 'Invalid event'));
  console.error('clerk-webhook: sync_clerk_user failed', res.status, body);
  // 500 makes Svix retry the delivery later; nothing was committed.
  return jsonError(500, 'sync_failed', 'The user could not be synchronized');
}

Deno.serve(async (request) => {
  const early = preflight(request);
  if (early) return early;
  if (request.method !== 'POST') return jsonError(405, 'method_not_allowed', 'Use POST');

  try {
    // At most MAX_BODY_BYTES are read (413 beyond, however the body is sent) before any of it is
    // verified: an unauthenticated sender cannot make the function hold a large body in memory.
    const read = await readBody(request, MAX_BODY_BYTES);
    if ('response' in read) return read.response;
    const body = new TextDecoder().decode(read.bytes);

    // Verify over the raw body before parsing anything; svix also refuses timestamps more than
    // five minutes away, so a captured delivery cannot be replayed later.
    const headers = {
      'svix-id': request.headers.get('svix-id') ?? '',
      'svix-timestamp': request.headers.get('svix-timestamp') ?? '',
      'svix-signature': request.headers.get('svix-signature') ?? '',
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

    return await syncUser(headers['svix-id'], event.data);
  } catch (error) {
    console.error('clerk-webhook failed', error);
    return jsonError(500, 'internal_error', 'The webhook could not be processed');
  }
});
