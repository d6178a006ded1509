import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelSecrets, connectChannel, messengerPayload, newPlatformId, signFacebook, signZalo, zaloTextEvent } from '../helpers/channels';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { config, sql } from '../helpers/stack';

/**
 * The facebook-webhook and zalo-webhook Edge Functions through the gateway, with deliveries in the
 * platforms' wire formats signed as they sign them: a good signature stores the message in the
 * organization holding the page / OA, anything else (wrong secret, body changed after signing,
 * no header, a stale Zalo timestamp) is a 401 that stores nothing, a redelivery is stored once,
 * and an unknown page is a 200 that stores nothing.
 */
const facebookUrl = `${config.apiUrl}/functions/v1/facebook-webhook`;
const zaloUrl = `${config.apiUrl}/functions/v1/zalo-webhook`;

const acmePage = newPlatformId();
const globexPage = newPlatformId();
const acmeOa = newPlatformId();

beforeAll(async () => {
  await connectChannel({ organizationId: ACME.id, userId: USERS.acmeOwner, platform: 'facebook', externalId: acmePage });
  await connectChannel({ organizationId: GLOBEX.id, userId: USERS.globexOwner, platform: 'facebook', externalId: globexPage });
  await connectChannel({
    organizationId: ACME.id,
    userId: USERS.acmeOwner,
    platform: 'zalo',
    externalId: acmeOa,
    refreshToken: 'refresh',
    expiresAt: new Date(Date.now() + 25 * 3600_000),
  });
});

async function postFacebook(payload: unknown, opts: { signature?: string | null; body?: string } = {}) {
  const body = opts.body ?? JSON.stringify(payload);
  const signature = opts.signature === undefined ? signFacebook(JSON.stringify(payload)) : opts.signature;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (signature !== null) headers['X-Hub-Signature-256'] = signature;
  const res = await fetch(facebookUrl, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function postZalo(event: { timestamp: string }, opts: { signature?: string | null; body?: string } = {}) {
  const body = opts.body ?? JSON.stringify(event);
  const signature = opts.signature === undefined ? signZalo(JSON.stringify(event), event.timestamp) : opts.signature;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (signature !== null) headers['X-ZEvent-Signature'] = signature;
  const res = await fetch(zaloUrl, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function storedByMid(mid: string) {
  return sql<{ organization_id: string; body: string; sender_type: string; channel: string; customer: string; state: string }>(
    `select m.organization_id, m.body, m.sender_type::text as sender_type, c.channel, c.external_customer_id as customer, c.state::text as state
     from public.channel_messages cm
     join public.messages m on m.id = cm.message_id and m.organization_id = cm.organization_id
     join public.conversations c on c.id = cm.conversation_id and c.organization_id = cm.organization_id
     where cm.platform_message_id = $1`,
    [mid],
  );
}

const textItem = (psid: string, mid: string, text: string) => ({ sender: { id: psid }, message: { mid, text } });

describe('the facebook-webhook function', () => {
  it('answers the subscription handshake with the challenge, and refuses a wrong verify token', async () => {
    const q = (token: string) => `${facebookUrl}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`;
    const ok = await fetch(q(channelSecrets.FACEBOOK_VERIFY_TOKEN));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(q('not-the-token'));
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: { code: 'verification_failed' } });
  });

  it('stores a signed text message in the organization holding the page, in the team queue', async () => {
    const mid = `m_${randomUUID()}`;
    const res = await postFacebook(messengerPayload(acmePage, textItem('PSID-100', mid, 'Where is my parcel?')));
    expect(res).toEqual({ status: 200, body: { status: 'ok', stored: 1, duplicates: 0, unrouted: 0 } });
    expect(await storedByMid(mid)).toEqual([
      {
        organization_id: ACME.id,
        body: 'Where is my parcel?',
        sender_type: 'visitor',
        channel: 'facebook',
        customer: 'PSID-100',
        state: 'waiting_for_agent',
      },
    ]);
  });

  it('stores a redelivered message once', async () => {
    const mid = `m_${randomUUID()}`;
    const payload = messengerPayload(acmePage, textItem('PSID-101', mid, 'twice?'));
    expect((await postFacebook(payload)).body).toMatchObject({ stored: 1 });
    expect((await postFacebook(payload)).body).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await storedByMid(mid)).toHaveLength(1);
  });

  it('refuses a delivery signed with another secret, changed after signing, or unsigned: 401, nothing stored', async () => {
    const mid = `m_${randomUUID()}`;
    const payload = messengerPayload(acmePage, textItem('PSID-102', mid, 'forged'));
    const wrongSecret = await postFacebook(payload, { signature: signFacebook(JSON.stringify(payload), 'another app secret') });
    const changed = await postFacebook(payload, { body: JSON.stringify(payload).replace('forged', 'changed') });
    const missing = await postFacebook(payload, { signature: null });
    for (const res of [wrongSecret, changed, missing]) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'invalid_signature' } });
    }
    expect(await storedByMid(mid)).toEqual([]);
  });

  it('answers 200 for a page nobody connected and stores nothing', async () => {
    const mid = `m_${randomUUID()}`;
    const res = await postFacebook(messengerPayload(newPlatformId(), textItem('PSID-103', mid, 'anyone?')));
    expect(res).toEqual({ status: 200, body: { status: 'ok', stored: 0, duplicates: 0, unrouted: 1 } });
    expect(await storedByMid(mid)).toEqual([]);
  });

  it("routes each entry by its page id: Acme's page into Acme, Globex's into Globex", async () => {
    const [a, g] = [`m_${randomUUID()}`, `m_${randomUUID()}`];
    const payload = {
      object: 'page',
      entry: [
        {
          id: acmePage,
          time: Date.now(),
          messaging: [{ recipient: { id: acmePage }, timestamp: Date.now(), ...textItem('PSID-104', a, 'for acme') }],
        },
        {
          id: globexPage,
          time: Date.now(),
          messaging: [{ recipient: { id: globexPage }, timestamp: Date.now(), ...textItem('PSID-104', g, 'for globex') }],
        },
      ],
    };
    expect((await postFacebook(payload)).body).toMatchObject({ stored: 2 });
    expect((await storedByMid(a)).map((r) => r.organization_id)).toEqual([ACME.id]);
    expect((await storedByMid(g)).map((r) => r.organization_id)).toEqual([GLOBEX.id]);
  });

  it('stores attachments and a page echo, and skips the echo of its own sends', async () => {
    const [photo, echo, own] = [`m_${randomUUID()}`, `m_${randomUUID()}`, `m_${randomUUID()}`];
    await postFacebook(
      messengerPayload(acmePage, {
        sender: { id: 'PSID-105' },
        message: { mid: photo, attachments: [{ type: 'image', payload: { url: 'https://scontent.example/p.jpg' } }] },
      }),
    );
    expect((await storedByMid(photo))[0]).toMatchObject({ body: '[image] https://scontent.example/p.jpg', sender_type: 'visitor' });
    const fromPage = (mid: string, appId: number) => ({
      object: 'page',
      entry: [
        {
          id: acmePage,
          time: Date.now(),
          messaging: [
            {
              sender: { id: acmePage },
              recipient: { id: 'PSID-105' },
              timestamp: Date.now(),
              message: { mid, text: 'Typed in Meta inbox', is_echo: true, app_id: appId },
            },
          ],
        },
      ],
    });
    await postFacebook(fromPage(echo, 263902037430900));
    expect(await storedByMid(echo)).toEqual([expect.objectContaining({ sender_type: 'agent', customer: 'PSID-105' })]);
    await postFacebook(fromPage(own, Number(channelSecrets.FACEBOOK_APP_ID)));
    expect(await storedByMid(own)).toEqual([]);
  });
});

describe('the zalo-webhook function', () => {
  it('stores a signed user_send_text in the organization holding the OA', async () => {
    const msgId = `z${randomUUID().replaceAll('-', '')}`;
    const res = await postZalo(zaloTextEvent(acmeOa, '2468000001', msgId, 'Xin chào'));
    expect(res).toEqual({ status: 200, body: { status: 'ok', stored: 1, duplicates: 0, unrouted: 0 } });
    expect(await storedByMid(msgId)).toEqual([
      expect.objectContaining({ organization_id: ACME.id, body: 'Xin chào', channel: 'zalo', customer: '2468000001' }),
    ]);
  });

  it('stores a redelivered event once', async () => {
    const event = zaloTextEvent(acmeOa, '2468000002', `z${randomUUID().replaceAll('-', '')}`, 'again');
    expect((await postZalo(event)).body).toMatchObject({ stored: 1 });
    expect((await postZalo(event)).body).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await storedByMid(event.message.msg_id)).toHaveLength(1);
  });

  it('refuses a wrong secret, a body changed after signing, a missing header and a stale timestamp: 401, nothing stored', async () => {
    const fresh = zaloTextEvent(acmeOa, '2468000003', `z${randomUUID().replaceAll('-', '')}`, 'forged');
    const stale = zaloTextEvent(acmeOa, '2468000003', `z${randomUUID().replaceAll('-', '')}`, 'old', String(Date.now() - 60 * 60_000));
    const results = [
      await postZalo(fresh, { signature: signZalo(JSON.stringify(fresh), fresh.timestamp, 'another OA secret') }),
      await postZalo(fresh, { body: JSON.stringify(fresh).replace('forged', 'changed') }),
      await postZalo(fresh, { signature: null }),
      await postZalo(stale),
    ];
    expect(results.map((r) => [r.status, (r.body.error as { code: string }).code])).toEqual([
      [401, 'invalid_signature'],
      [401, 'invalid_signature'],
      [401, 'invalid_signature'],
      [401, 'stale_event'],
    ]);
    expect(await storedByMid(fresh.message.msg_id)).toEqual([]);
    expect(await storedByMid(stale.message.msg_id)).toEqual([]);
  });

  it('stores an image, answers 200 for an unknown OA, and records follow / unfollow', async () => {
    const image = {
      ...zaloTextEvent(acmeOa, '2468000004', `z${randomUUID().replaceAll('-', '')}`, ''),
      event_name: 'user_send_image',
    };
    image.message = {
      msg_id: image.message.msg_id,
      attachments: [{ type: 'image', payload: { url: 'https://zalo.example/i.jpg', thumbnail: 'https://zalo.example/t.jpg' } }],
    } as never;
    expect((await postZalo(image)).body).toMatchObject({ stored: 1 });
    expect((await storedByMid(image.message.msg_id))[0]).toMatchObject({ body: '[image] https://zalo.example/i.jpg' });

    const unknown = zaloTextEvent(newPlatformId(), '2468000004', `z${randomUUID().replaceAll('-', '')}`, 'hello?');
    expect(await postZalo(unknown)).toEqual({ status: 200, body: { status: 'ok', stored: 0, duplicates: 0, unrouted: 1 } });
    expect(await storedByMid(unknown.message.msg_id)).toEqual([]);

    const follow = (name: 'follow' | 'unfollow') => ({
      app_id: channelSecrets.ZALO_APP_ID,
      oa_id: acmeOa,
      user_id_by_app: 'app-2468000005',
      event_name: name,
      timestamp: String(Date.now()),
      source: 'oa_profile',
      follower: { id: '2468000005' },
    });
    expect((await postZalo(follow('follow'))).status).toBe(200);
    expect((await postZalo(follow('unfollow'))).status).toBe(200);
    const [visitor] = await sql<{ following: boolean }>(
      `select (metadata ->> 'following')::boolean as following from public.visitors where organization_id = $1 and external_id = $2`,
      [ACME.id, `zalo:${acmeOa}:2468000005`],
    );
    expect(visitor).toEqual({ following: false });
  });
});
