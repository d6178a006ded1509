import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACME } from '../helpers/seed';
import { sql } from '../helpers/stack';
import { nextIp, post, startSession } from '../helpers/widget';

/** widget-session through the gateway, as the widget on a customer page calls it. */
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('widget-session', () => {
  it('opens a session for an allowed origin, with the org assistant and an empty conversation', async () => {
    const s = await startSession('wk_acme_main', 'https://acme.com');
    expect(s.session_token).toMatch(/^vst_[0-9a-f]{64}$/);
    expect(s.resumed).toBe(false);
    expect(s.messages).toEqual([]);
    expect(s.conversation).toMatchObject({ id: s.conversation_id, is_escalated: false, ticket_ref: null });
    const [row] = await sql<{ organization_id: string }>('select organization_id from public.conversations where id = $1', [s.conversation_id]);
    expect(row?.organization_id).toBe(ACME.id);
  });

  it('resumes the same visitor and conversation with its token, history included', async () => {
    const first = await startSession();
    await sql(
      `insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body)
       values ($1, $2, 'visitor', $3, 'resume-test-1', 'hello from before')`,
      [ACME.id, first.conversation_id, first.visitor_id],
    );
    const again = await startSession('wk_acme_main', 'https://acme.com', { session_token: first.session_token });
    expect(again).toMatchObject({ resumed: true, session_token: first.session_token, conversation_id: first.conversation_id });
    expect(again.messages.map((m) => m.body)).toEqual(['hello from before']);
  });

  it('starts a new session when the stored token is unknown or malformed', async () => {
    const stale = await startSession('wk_acme_main', 'https://acme.com', { session_token: `vst_${'ab'.repeat(32)}` });
    const junk = await startSession('wk_acme_main', 'https://acme.com', { session_token: 'not-a-token' });
    expect(stale.resumed).toBe(false);
    expect(junk.resumed).toBe(false);
    expect(stale.conversation_id).not.toBe(junk.conversation_id);
  });

  it("refuses another website's token: an Acme session cannot be resumed on Globex", async () => {
    const acme = await startSession();
    const globex = await startSession('wk_globex_main', 'https://globex.com', { session_token: acme.session_token });
    expect(globex.resumed).toBe(false);
    expect(globex.conversation_id).not.toBe(acme.conversation_id);
  });

  it("a Globex visitor's token reads only its own conversation, never Acme's", async () => {
    const acme = await startSession();
    await sql(
      `insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body)
       values ($1, $2, 'visitor', $3, 'acme-secret-1', 'my Acme order number is 12345')`,
      [ACME.id, acme.conversation_id, acme.visitor_id],
    );
    const globex = await startSession('wk_globex_main', 'https://globex.com');
    const res = await post('widget-messages', { session_token: globex.session_token }, { ip: nextIp() });
    const body = (await res.json()) as { conversation: { id: string }; messages: { body: string }[] };
    expect(body.conversation.id).toBe(globex.conversation_id);
    expect(JSON.stringify(body)).not.toContain('12345');
    const acmeView = await post('widget-messages', { session_token: acme.session_token }, { ip: nextIp() });
    expect(((await acmeView.json()) as { messages: { body: string }[] }).messages.map((m) => m.body)).toEqual(['my Acme order number is 12345']);
  });

  it("counts refusals of an unlisted origin for the website's admins, one row per origin", async () => {
    const origin = `https://t${Date.now()}.staging.example`;
    for (const o of [origin, origin.toUpperCase()]) {
      const res = await post('widget-session', { website_key: 'wk_acme_shop' }, { origin: o, ip: nextIp() });
      expect(res.status).toBe(403);
    }
    const rows = await sql<{ website_id: string; refusals: string }>(
      'select website_id, refusals from public.website_refused_origins where origin = $1',
      [origin],
    );
    expect(rows).toEqual([{ website_id: ACME.websites.shop, refusals: '2' }]);
    await startSession('wk_acme_shop', 'https://shop.acme.com');
    const allowed = await sql('select 1 from public.website_refused_origins where origin = $1', ['https://shop.acme.com']);
    expect(allowed).toEqual([]);
  });

  it('refuses a disallowed origin (403), an unknown key (404) and a request without Origin (403)', async () => {
    const evil = await post('widget-session', { website_key: 'wk_acme_main' }, { origin: 'https://evil.example', ip: nextIp() });
    expect(evil.status).toBe(403);
    expect(await errorOf(evil)).toMatchObject({ code: 'origin_not_allowed' });
    const unknown = await post('widget-session', { website_key: 'wk_nobody_here' }, { origin: 'https://acme.com', ip: nextIp() });
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toMatchObject({ code: 'unknown_website' });
    const noOrigin = await post('widget-session', { website_key: 'wk_acme_main' }, { ip: nextIp() });
    expect(noOrigin.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBe('*');
  });

  it("answers the website's appearance to an allowed page without opening a session, and refuses other pages", async () => {
    const count = async () =>
      Number(
        (
          await sql<{ n: string }>(
            "select count(*) as n from public.visitor_sessions s join public.websites w on w.id = s.website_id where w.public_key = 'wk_acme_support'",
          )
        )[0]?.n,
      );
    const before = await count();
    const res = await post(
      'widget-session',
      { website_key: 'wk_acme_support', appearance: true },
      { origin: 'https://support.acme.com', ip: nextIp() },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      appearance: {
        brand_color: '#1c7ed6',
        position: 'right',
        launcher_icon: 'chat',
        avatar_url: null,
        greeting: "Hi! I'm the Acme Concierge. Ask me about orders, billing or your account.",
        input_placeholder: null,
        language: null,
        assistant_name: 'Acme Concierge',
      },
      hours: { open: true, back_at: null, offline_message: null, time_zone: 'America/New_York' },
    });
    expect(await count()).toBe(before);
    const evil = await post('widget-session', { website_key: 'wk_acme_support', appearance: true }, { origin: 'https://evil.example', ip: nextIp() });
    expect(evil.status).toBe(403);
    expect(await errorOf(evil)).toMatchObject({ code: 'origin_not_allowed' });
    const unknown = await post('widget-session', { website_key: 'wk_nobody_here', appearance: true }, { origin: 'https://acme.com', ip: nextIp() });
    expect(unknown.status).toBe(404);
  });

  it('says whether the team is at work: open by default, away until the next opening with today a holiday', async () => {
    interface Hours {
      open: boolean;
      back_at: string | null;
      offline_message: string | null;
    }
    const onLoad = async () => {
      const res = await post('widget-session', { website_key: 'wk_acme_main', appearance: true }, { origin: 'https://acme.com', ip: nextIp() });
      expect(res.status).toBe(200);
      return ((await res.json()) as { hours: Hours }).hours;
    };
    expect(await onLoad()).toMatchObject({ open: true, back_at: null, offline_message: null });
    // today in New York a holiday of this test's own (Christmas Day is the seed's): closed whatever the clock says
    const [today] = await sql<{ day: string; seeded: boolean }>(
      `select d::text as day, exists (select 1 from public.holidays where organization_id = $1 and day = d) as seeded
       from (select (now() at time zone 'America/New_York')::date as d) x`,
      [ACME.id],
    );
    try {
      if (!today!.seeded)
        await sql(`insert into public.holidays (organization_id, day, name) values ($1, $2, 'widget-session hours test')`, [ACME.id, today!.day]);
      await sql('update public.business_hours set enabled = true where organization_id = $1', [ACME.id]);
      const away = await onLoad();
      expect(away).toMatchObject({ open: false, offline_message: null });
      const [back] = await sql<{ day: string; time: string }>(
        `select (t at time zone 'America/New_York')::date::text as day, (t at time zone 'America/New_York')::time::text as time from (select $1::timestamptz as t) x`,
        [away.back_at],
      );
      // the next weekday morning at 09:00 in New York, after today's holiday
      expect(back!.time).toBe('09:00:00');
      expect(back!.day > today!.day).toBe(true);
      // a session's answer carries it too (the panel may open long after the page loaded)
      const session = (await startSession()) as Awaited<ReturnType<typeof startSession>> & { hours: Hours };
      expect(session.hours).toMatchObject({ open: false, back_at: away.back_at });
    } finally {
      await sql('update public.business_hours set enabled = false where organization_id = $1', [ACME.id]);
      await sql("delete from public.holidays where organization_id = $1 and name = 'widget-session hours test'", [ACME.id]);
    }
    expect(await onLoad()).toMatchObject({ open: true, back_at: null });
  });

  it('validates the body: bad key format 400, not JSON 400, wrong content type 415, oversized 413', async () => {
    const bad = await post('widget-session', { website_key: 'acme' }, { origin: 'https://acme.com', ip: nextIp() });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toMatch(/^website_key: /);
    const notJson = await post('widget-session', '{oops', { origin: 'https://acme.com', ip: nextIp() });
    expect(notJson.status).toBe(400);
    expect(await errorOf(notJson)).toMatchObject({ code: 'invalid_json' });
    const text = await post('widget-session', 'x', { origin: 'https://acme.com', ip: nextIp(), headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const huge = await post('widget-session', { website_key: 'wk_acme_main', pad: 'x'.repeat(40_000) }, { origin: 'https://acme.com', ip: nextIp() });
    expect(huge.status).toBe(413);
    expect(await errorOf(huge)).toMatchObject({ code: 'payload_too_large' });
  });

  it('links a verified identity, and refuses a wrong HMAC with 401 without linking', async () => {
    const externalId = `cust_${Date.now()}`;
    const hmac = createHmac('sha256', 'acme-identity-secret-dev').update(externalId).digest('hex');
    const ok = await startSession('wk_acme_main', 'https://acme.com', { identity: { external_id: externalId, email: 'pat@example.com', hmac } });
    const [visitor] = await sql<{ external_id: string; email: string }>('select external_id, email from public.visitors where id = $1', [
      ok.visitor_id,
    ]);
    expect(visitor).toEqual({ external_id: externalId, email: 'pat@example.com' });

    const forged = `${externalId}_x`;
    const res = await post(
      'widget-session',
      { website_key: 'wk_acme_main', identity: { external_id: forged, hmac } },
      { origin: 'https://acme.com', ip: nextIp() },
    );
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({ code: 'identity_failed' });
    expect(await sql('select 1 from public.visitors where external_id = $1', [forged])).toHaveLength(0);
  });

  it('limits session starts per IP with 429 and Retry-After', async () => {
    const ip = '192.0.2.77';
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 62; i += 1) {
      const res = await post('widget-session', { website_key: 'wk_nobody_here' }, { origin: 'https://acme.com', ip });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.body?.cancel();
    }
    expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const other = await post('widget-session', { website_key: 'wk_nobody_here' }, { origin: 'https://acme.com', ip: '192.0.2.78' });
    expect(other.status).toBe(404);
  });
});
