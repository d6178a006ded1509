import { Webhook } from 'svix';
import { z } from 'zod';

/**
 * Clerk-shaped user events, Svix-signed, as the local identity provider sends them to the
 * clerk-webhook Edge Function: the very payload and signature scheme Clerk uses, so local
 * sign-up and Clerk sign-up take the same path into public.sync_clerk_user.
 */
export type UserEventType = 'user.created' | 'user.updated' | 'user.deleted';

export interface LocalUserProfile {
  id: string;
  email: string;
  name?: string | null;
}

export interface ClerkUserEvent {
  type: UserEventType;
  object: 'event';
  timestamp: number;
  data: Record<string, unknown> & { id: string };
}

export function buildUserEvent(type: UserEventType, user: LocalUserProfile, now = Date.now()): ClerkUserEvent {
  if (type === 'user.deleted') return { type, object: 'event', timestamp: now, data: { id: user.id, object: 'user', deleted: true } };
  const [firstName, ...rest] = (user.name ?? '').trim().split(/\s+/).filter(Boolean);
  const emailId = `idn_local_${user.id.replace(/^user_/, '')}`;
  return {
    type,
    object: 'event',
    timestamp: now,
    data: {
      id: user.id,
      object: 'user',
      first_name: firstName ?? null,
      last_name: rest.length > 0 ? rest.join(' ') : null,
      image_url: null,
      primary_email_address_id: emailId,
      // The local provider vouches for the address it was given, as Clerk does once verified.
      email_addresses: [{ id: emailId, object: 'email_address', email_address: user.email, verification: { status: 'verified', strategy: 'local' } }],
    },
  };
}

export interface SignedDelivery {
  id: string;
  timestamp: Date;
  body: string;
  headers: Record<string, string>;
}

/** Sign a payload as Svix does; `timestamp` may be moved to build stale deliveries in tests. */
export function signDelivery(
  secret: string,
  payload: unknown,
  id = `msg_${crypto.randomUUID().replace(/-/g, '')}`,
  timestamp = new Date(),
): SignedDelivery {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signature = new Webhook(secret).sign(id, timestamp, body);
  return {
    id,
    timestamp,
    body,
    headers: {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'svix-signature': signature,
    },
  };
}

const syncResultSchema = z.object({
  status: z.enum(['processed', 'ignored']),
  user_id: z.string(),
  duplicate: z.boolean(),
  organizations: z.array(z.object({ organization_id: z.string(), slug: z.string(), role: z.string(), via: z.string() })).optional(),
});
export type SyncResult = z.infer<typeof syncResultSchema>;

/** POST a signed event to the clerk-webhook function; throws with the function's message on failure. */
export async function sendUserEvent(webhookUrl: string, secret: string, event: ClerkUserEvent): Promise<SyncResult> {
  const delivery = signDelivery(secret, event);
  const res = await fetch(webhookUrl, { method: 'POST', headers: delivery.headers, body: delivery.body });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = z.object({ error: z.object({ message: z.string() }) }).safeParse(body);
    throw new Error(`clerk-webhook answered ${res.status}: ${message.success ? message.data.error.message : 'no details'}`);
  }
  return syncResultSchema.parse(body);
}
