import { z } from 'zod';
import { type ChannelEvent, customerId, hmacSha256Hex, platformId, receive, received, ReceiveError, timingSafeEqual } from '../_shared/channels.ts';
import { env } from '../_shared/env.ts';
import { serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';

// The Messenger Platform webhook of the app (issue 14). GET is Meta's subscription handshake
// (hub.mode=subscribe, hub.verify_token, hub.challenge echoed back). POST carries
// {object: 'page', entry: [{id: <page id>, time, messaging: [...]}]}, signed with
// X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>, checked in
// constant time before a byte is parsed. Each entry goes to the organization holding that page:
// customer messages (text, attachments), the page's echoes (a reply typed in Meta's inbox; our
// own sends, carrying our app id, are already recorded by the outbox), deliveries and reads.

const attachment = z.object({
  type: z.string().max(40),
  payload: z.object({ url: z.string().max(2000).optional(), title: z.string().max(200).optional() }).passthrough().nullish(),
}).passthrough();

const messaging = z.object({
  sender: z.object({ id: customerId }),
  recipient: z.object({ id: customerId }),
  timestamp: z.number().optional(),
  message: z.object({
    mid: z.string().min(1).max(200),
    text: z.string().max(20000).optional(),
    attachments: z.array(attachment).max(20).optional(),
    is_echo: z.boolean().optional(),
    app_id: z.union([z.number(), z.string()]).optional(),
  }).passthrough().optional(),
  delivery: z.object({ mids: z.array(z.string().max(200)).max(100).optional(), watermark: z.number() }).passthrough().optional(),
  read: z.object({ watermark: z.number() }).passthrough().optional(),
}).passthrough();

const payloadSchema = z.object({
  object: z.string(),
  entry: z.array(z.object({ id: platformId, time: z.number().optional(), messaging: z.array(messaging).max(1000).optional() }).passthrough()).max(100),
});

function toEvent(m: z.infer<typeof messaging>, appId: string): ChannelEvent | null {
  const at = m.timestamp ? new Date(m.timestamp).toISOString() : undefined;
  if (m.message) {
    const echo = m.message.is_echo === true;
    if (echo && String(m.message.app_id ?? '') === appId) return null;
    return {
      kind: 'message',
      customer: echo ? m.recipient.id : m.sender.id,
      mid: m.message.mid,
      text: m.message.text,
      attachments: m.message.attachments?.map((a) => ({ type: a.type, url: a.payload?.url, name: a.payload?.title })),
      echo,
      at,
    };
  }
  if (m.delivery) return { kind: 'delivered', customer: m.sender.id, mids: m.delivery.mids ?? [], watermark: m.delivery.watermark };
  if (m.read) return { kind: 'read', customer: m.sender.id, watermark: m.read.watermark };
  return null;
}

serve({ name: 'facebook-webhook', methods: ['GET', 'POST'], maxBytes: 512 * 1024 }, async (ctx) => {
  if (ctx.request.method === 'GET') {
    const q = ctx.url.searchParams;
    const token = q.get('hub.verify_token') ?? '';
    if (q.get('hub.mode') !== 'subscribe' || !timingSafeEqual(token, env('FACEBOOK_VERIFY_TOKEN'))) {
      return jsonError(403, 'verification_failed', 'The verify token does not match');
    }
    return new Response(q.get('hub.challenge') ?? '', { status: 200, headers: { 'Content-Type': 'text/plain' } });
  }

  const body = await ctx.bytes();
  const header = ctx.request.headers.get('x-hub-signature-256') ?? '';
  const expected = `sha256=${await hmacSha256Hex(env('FACEBOOK_APP_SECRET'), body)}`;
  if (!header || !timingSafeEqual(header.toLowerCase(), expected)) {
    return jsonError(401, 'invalid_signature', 'The X-Hub-Signature-256 header is missing or does not match the body');
  }

  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return jsonError(400, 'invalid_json', 'The body is not valid JSON');
  }
  const payload = payloadSchema.safeParse(raw);
  if (!payload.success) return jsonError(400, 'invalid_event', 'Expected a Messenger webhook {object, entry[]}');
  if (payload.data.object !== 'page') return json({ status: 'ignored', object: payload.data.object });

  const appId = env('FACEBOOK_APP_ID');
  try {
    const results = [];
    for (const entry of payload.data.entry) {
      const events = (entry.messaging ?? []).map((m) => toEvent(m, appId)).filter((e): e is ChannelEvent => e !== null);
      results.push(await receive(ctx, 'facebook', entry.id, events));
    }
    return received(results);
  } catch (error) {
    if (error instanceof ReceiveError) return jsonError(500, 'store_failed', 'The events could not be stored; deliver them again');
    throw error;
  }
});
