import { createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACME } from '../helpers/seed';
import { anonClient, sql } from '../helpers/stack';
import { nextIp, post, startSession, type Session } from '../helpers/widget';

/**
 * Identity in widget-session on a shared browser: a stored session of an identified visitor is
 * never handed to the next person, an anonymous one may be claimed on log-in, and the v2 identity
 * signature covers external_id, email and an expiry (v1 still read for one release).
 */
const SECRET = 'acme-identity-secret-dev';

function signV2(externalId: string, email = '', expiresAt = Math.floor(Date.now() / 1000) + 3600): string {
  const hex = createHmac('sha256', SECRET).update(`v2|${externalId}|${email}|${expiresAt}`).digest('hex');
  return `v2.${expiresAt}.${hex}`;
}

const signV1 = (externalId: string) => createHmac('sha256', SECRET).update(externalId).digest('hex');

function identity(externalId: string, email?: string) {
  return { external_id: externalId, ...(email ? { email } : {}), hmac: signV2(externalId, email) };
}

type Identified = Session & { identity?: { visitor_id: string; external_id: string } };

const start = (extra: object) => startSession('wk_acme_main', 'https://acme.com', extra) as Promise<Identified>;

async function visitorOf(conversationId: string) {
  const [row] = await sql<{ visitor_id: string; external_id: string | null }>(
    'select c.visitor_id, v.external_id from public.conversations c join public.visitors v on v.id = c.visitor_id where c.id = $1',
    [conversationId],
  );
  return row;
}

async function say(session: Session, body: string) {
  await sql(
    `insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body)
     values ($1, $2, 'visitor', $3, $4, $5)`,
    [ACME.id, session.conversation_id, session.visitor_id, randomUUID(), body],
  );
}

const unique = (name: string) => `${name}_${randomUUID().slice(0, 8)}`;

describe('widget-session on a shared browser', () => {
  it("a page identifying B on A's stored session gets a new visitor and conversation; A keeps hers", async () => {
    const alice = unique('alice');
    const bob = unique('bob');
    const a = await start({ identity: identity(alice, 'alice@example.com') });
    await say(a, "alice's order 4242");

    const b = await start({ session_token: a.session_token, identity: identity(bob) });
    expect(b.session_token).not.toBe(a.session_token);
    expect(b.resumed).toBe(false);
    expect(b.conversation_id).not.toBe(a.conversation_id);
    expect(b.visitor_id).not.toBe(a.visitor_id);
    expect(b.identity?.external_id).toBe(bob);
    expect(JSON.stringify(b.messages)).not.toContain('4242');

    expect(await visitorOf(a.conversation_id)).toEqual({ visitor_id: a.visitor_id, external_id: alice });
    expect(await visitorOf(b.conversation_id)).toMatchObject({ external_id: bob });
    // and A's token still opens A's thread, untouched
    const again = await start({ session_token: a.session_token, identity: identity(alice, 'alice@example.com') });
    expect(again).toMatchObject({ resumed: true, conversation_id: a.conversation_id });
    expect(again.messages.map((m) => m.body)).toEqual(["alice's order 4242"]);
  });

  it("the database refuses it too: widget_identify for B on A's session answers PT409 and moves nothing", async () => {
    const alice = unique('alice');
    const bob = unique('bob');
    const a = await start({ identity: identity(alice) });
    const b = await start({ identity: identity(bob) });
    const { error } = await anonClient().rpc('widget_identify', {
      p_session_token: a.session_token,
      p_external_id: bob,
      p_email: '',
      p_hmac: signV2(bob),
    });
    expect(error?.code).toBe('PT409');
    expect(await visitorOf(a.conversation_id)).toEqual({ visitor_id: a.visitor_id, external_id: alice });
    expect(await visitorOf(b.conversation_id)).toEqual({ visitor_id: b.visitor_id, external_id: bob });
  });

  it("an anonymous session is claimed on log-in: its conversation becomes the known customer's", async () => {
    const alice = unique('alice');
    const known = await start({ identity: identity(alice) });
    const anon = await start({});
    await say(anon, 'asked before logging in');
    const loggedIn = await start({ session_token: anon.session_token, identity: identity(alice) });
    expect(loggedIn).toMatchObject({ resumed: true, session_token: anon.session_token, conversation_id: anon.conversation_id });
    expect(loggedIn.messages.map((m) => m.body)).toEqual(['asked before logging in']);
    expect(await visitorOf(anon.conversation_id)).toEqual({ visitor_id: known.visitor_id, external_id: alice });
  });

  it("a page identifying no one on A's stored session gets a fresh anonymous visitor, not A's thread", async () => {
    const alice = unique('alice');
    const a = await start({ identity: identity(alice) });
    await say(a, "alice's private question");
    const anonymous = await start({ session_token: a.session_token });
    expect(anonymous.resumed).toBe(false);
    expect(anonymous.session_token).not.toBe(a.session_token);
    expect(anonymous.conversation_id).not.toBe(a.conversation_id);
    expect(anonymous.messages).toEqual([]);
    expect(await visitorOf(anonymous.conversation_id)).toMatchObject({ external_id: null });
    expect(await visitorOf(a.conversation_id)).toEqual({ visitor_id: a.visitor_id, external_id: alice });
  });
});

describe('the identity signature', () => {
  const refused = async (body: object) => {
    const res = await post('widget-session', { website_key: 'wk_acme_main', ...body }, { origin: 'https://acme.com', ip: nextIp() });
    expect(res.status).toBe(401);
    return ((await res.json()) as { error: { code: string; message: string } }).error;
  };

  it('v2 (external_id, email, expiry) is accepted and sets the signed email', async () => {
    const carol = unique('carol');
    const s = await start({ identity: identity(carol, 'Carol@Example.com') });
    expect(s.identity).toMatchObject({ external_id: carol, email: 'carol@example.com' });
  });

  it('v2 with a tampered email, or an expired one, is refused with 401 and links nothing', async () => {
    const dave = unique('dave');
    const tampered = await refused({ identity: { ...identity(dave, 'dave@example.com'), email: 'mallory@example.com' } });
    expect(tampered).toMatchObject({ code: 'identity_failed', message: 'identity verification failed' });
    const past = Math.floor(Date.now() / 1000) - 10;
    const expired = await refused({ identity: { external_id: dave, hmac: signV2(dave, '', past) } });
    expect(expired).toMatchObject({ code: 'identity_failed', message: 'identity signature expired' });
    expect(await sql('select 1 from public.visitors where external_id = $1', [dave])).toHaveLength(0);
  });

  it('v1 (an HMAC of external_id alone, deprecated) is still accepted for this release', async () => {
    const erin = unique('erin');
    const s = await start({ identity: { external_id: erin, hmac: signV1(erin) } });
    expect(s.identity).toMatchObject({ external_id: erin });
  });
});
