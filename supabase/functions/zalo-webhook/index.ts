import { z } from 'zod';
import { type ChannelEvent, customerId, platformId, receive, received, ReceiveError, sha256Hex, timingSafeEqual } from '../_shared/channels.ts';
import { env } from '../_shared/env.ts';
import { serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';

// The Zalo Official Account webhook (issue 14). Zalo signs each event with
// X-ZEvent-Signature: mac=<hex sha256(app id + raw body + timestamp + OA secret key)>, where the
// timestamp (milliseconds) is the event's own `timestamp` field: the body is read within the size
// limit, its timestamp taken, the mac checked in constant time over the raw bytes, and only then
// is anything parsed further or stored. An event older (or newer) than the tolerance is refused,
// so a captured delivery cannot be replayed later. Events are routed by OA id: customer messages
// (user_send_text, images, files, stickers…), the OA's own messages sent from Zalo's console
// (oa_send_*, stored as the page's replies), receipts (user_received_message, user_seen_message),
// follow and unfollow.

const TOLERANCE_MS = 10 * 60 * 1000;

const attachment = z.object({
  type: z.string().max(40),
  payload: z.object({ url: z.string().max(2000).optional(), name: z.string().max(200).optional(), thumbnail: z.string().max(2000).optional() })
    .passthrough().nullish(),
}).passthrough();

const eventSchema = z.object({
  app_id: z.string().optional(),
  event_name: z.string().max(60),
  timestamp: z.union([z.string(), z.number()]),
  oa_id: platformId.optional(),
  sender: z.object({ id: customerId }).optional(),
  recipient: z.object({ id: customerId }).optional(),
  follower: z.object({ id: customerId }).optional(),
  message: z.object({
    msg_id: z.string().max(200).optional(),
    msg_ids: z.array(z.string().max(200)).max(100).optional(),
    text: z.string().max(20000).optional(),
    attachments: z.array(attachment).max(20).optional(),
  }).passthrough().optional(),
}).passthrough();
type ZaloEvent = z.infer<typeof eventSchema>;

/** [OA id, the event as channel_receive takes it], or null for an event Concierge does not use. */
function toEvent(e: ZaloEvent): [string, ChannelEvent] | null {
  const at = new Date(Number(e.timestamp)).toISOString();
  const attachments = e.message?.attachments?.map((a) => ({ type: a.type, url: a.payload?.url, name: a.payload?.name }));
  if (e.event_name.startsWith('user_send_') && e.sender && e.recipient && e.message?.msg_id) {
    return [e.recipient.id, { kind: 'message', customer: e.sender.id, mid: e.message.msg_id, text: e.message.text, attachments, at }];
  }
  if (e.event_name.startsWith('oa_send_') && e.sender && e.recipient && e.message?.msg_id) {
    return [e.sender.id, { kind: 'message', customer: e.recipient.id, mid: e.message.msg_id, text: e.message.text, attachments, echo: true, at }];
  }
  if ((e.event_name === 'user_seen_message' || e.event_name === 'user_received_message') && e.sender && e.recipient) {
    const kind = e.event_name === 'user_seen_message' ? 'read' : 'delivered';
    return [e.recipient.id, { kind, customer: e.sender.id, mids: e.message?.msg_ids ?? [] }];
  }
  if ((e.event_name === 'follow' || e.event_name === 'unfollow') && e.oa_id && e.follower) {
    return [e.oa_id, { kind: e.event_name, customer: e.follower.id, at }];
  }
  return null;
}

serve({ name: 'zalo-webhook', methods: ['POST'], maxBytes: 256 * 1024 }, async (ctx) => {
  const body = await ctx.bytes();
  const header = ctx.request.headers.get('x-zevent-signature') ?? '';
  if (!header) return jsonError(401, 'invalid_signature', 'The X-ZEvent-Signature header is missing');

  // The mac covers the event's own timestamp, so it is read (and only it) before the check.
  let timestamp: string;
  try {
    const value = (JSON.parse(new TextDecoder().decode(body)) as { timestamp?: unknown } | null)?.timestamp;
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error('no timestamp');
    timestamp = String(value);
  } catch {
    return jsonError(401, 'invalid_signature', 'The event carries no timestamp to verify its signature with');
  }
  const expected = `mac=${await sha256Hex([env('ZALO_APP_ID'), body, timestamp, env('ZALO_OA_SECRET_KEY')])}`;
  if (!timingSafeEqual(header.toLowerCase(), expected)) {
    return jsonError(401, 'invalid_signature', 'The X-ZEvent-Signature header does not match the body');
  }
  if (!/^\d{1,16}$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > TOLERANCE_MS) {
    return jsonError(401, 'stale_event', 'The event is too old or too far in the future');
  }

  const event = eventSchema.safeParse(JSON.parse(new TextDecoder().decode(body)));
  if (!event.success) return jsonError(400, 'invalid_event', 'Expected a Zalo OA event {event_name, timestamp, …}');
  const routed = toEvent(event.data);
  if (!routed) return json({ status: 'ignored', event_name: event.data.event_name });
  try {
    return received([await receive(ctx, 'zalo', routed[0], [routed[1]])]);
  } catch (error) {
    if (error instanceof ReceiveError) return jsonError(500, 'store_failed', 'The event could not be stored; deliver it again');
    throw error;
  }
});
