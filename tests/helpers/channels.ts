import { createHash, createHmac, randomInt } from 'node:crypto';
import { channelEnv } from '@/scripts/stack/channels-env';
import { keys, sql } from './stack';

/**
 * Facebook and Zalo as they call the webhooks: payloads in their wire format, signed as they sign
 * them (Meta: X-Hub-Signature-256 = sha256=HMAC-SHA256(app secret, raw body); Zalo:
 * X-ZEvent-Signature = mac=sha256(app id + raw body + timestamp + OA secret key)), with the
 * secrets the local stack gives its functions (scripts/stack/channels-env.ts).
 */
export const channelSecrets = channelEnv(keys);

/** A fresh numeric page / OA id, so runs and files never share one. */
export function newPlatformId(): string {
  return `9${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e5)).padStart(5, '0')}`;
}

/** Connects a page / OA for an organization as the connect flow does (service role, sealed token). */
export async function connectChannel(opts: {
  organizationId: string;
  userId: string;
  platform: 'facebook' | 'zalo';
  externalId: string;
  name?: string;
  accessToken?: string;
  refreshToken?: string | null;
  expiresAt?: Date | null;
}): Promise<string> {
  const [row] = await sql<{ id: string }>('select public.channel_connect($1, $2, $3, $4, $5, $6, $7, $8, null, $9) as id', [
    opts.organizationId,
    opts.userId,
    opts.platform,
    opts.externalId,
    opts.name ?? `Test ${opts.platform} ${opts.externalId}`,
    opts.accessToken ?? `token-${opts.externalId}`,
    opts.refreshToken ?? null,
    opts.expiresAt ?? null,
    channelSecrets.CHANNEL_TOKEN_KEY,
  ]);
  return row!.id;
}

export function signFacebook(body: string, secret = channelSecrets.FACEBOOK_APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function signZalo(body: string, timestamp: string, secret = channelSecrets.ZALO_OA_SECRET_KEY, appId = channelSecrets.ZALO_APP_ID): string {
  return `mac=${createHash('sha256')
    .update(appId + body + timestamp + secret)
    .digest('hex')}`;
}

/** A Messenger webhook delivery with one messaging item for a page. */
export function messengerPayload(pageId: string, item: Record<string, unknown>) {
  return { object: 'page', entry: [{ id: pageId, time: Date.now(), messaging: [{ recipient: { id: pageId }, timestamp: Date.now(), ...item }] }] };
}

/** A Zalo OA user_send_text event. */
export function zaloTextEvent(oaId: string, userId: string, msgId: string, text: string, timestamp = String(Date.now())) {
  return {
    app_id: channelSecrets.ZALO_APP_ID,
    user_id_by_app: `app-${userId}`,
    event_name: 'user_send_text',
    timestamp,
    sender: { id: userId },
    recipient: { id: oaId },
    message: { msg_id: msgId, text },
  };
}
