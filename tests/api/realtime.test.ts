import { randomUUID } from 'node:crypto';
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, describe, expect, it } from 'vitest';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { chat, startSession } from '../helpers/widget';
import { anonClient, clientWithToken, config, keys, sql, tokenFor, userClient } from '../helpers/stack';

/**
 * The local stack's Realtime, driven only through realtime-js (inside supabase-js) as the dashboard
 * and widget will drive it: private channels authorized by RLS on realtime.messages, Broadcast
 * from clients and from the database, Presence, and token refresh.
 */
const clients: SupabaseClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()));
});

function track<T extends SupabaseClient>(client: T): T {
  clients.push(client);
  return client;
}

type Joined = { channel: RealtimeChannel; status: string; error?: Error };

/**
 * Subscribes to a private channel. The token is handed to realtime-js first: supabase-js fetches it
 * asynchronously, and a join pushed before it arrives goes out with the API key alone (refused).
 */
async function join(
  client: SupabaseClient,
  topic: string,
  configure: (c: RealtimeChannel) => RealtimeChannel = (c) => c,
  opts = {},
): Promise<Joined> {
  await client.realtime.setAuth();
  const channel = configure(client.channel(topic, { config: { private: true, ...opts } }));
  return new Promise((resolve) => {
    channel.subscribe((status, error) => {
      if (status !== 'SUBSCRIBED' && status !== 'CHANNEL_ERROR' && status !== 'TIMED_OUT') return;
      resolve({ channel, status, error });
    });
  });
}

function nextMessage<T = unknown>(channel: RealtimeChannel, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${timeoutMs} ms`)), timeoutMs);
    channel.on('broadcast', { event }, (message) => {
      clearTimeout(timer);
      resolve(message.payload as T);
    });
  });
}

async function acmeConversation(): Promise<string> {
  const [row] = await sql<{ id: string }>('select id from public.conversations where organization_id = $1 order by created_at limit 1', [ACME.id]);
  if (!row) throw new Error('the seed has no Acme conversation');
  return row.id;
}

const acmeOrg = { id: ACME.id, slug: ACME.slug };
const globexOrg = { id: GLOBEX.id, slug: GLOBEX.slug };

describe('joining private channels', () => {
  it('an Acme member joins the Acme organization topic', async () => {
    const joined = await join(track(await userClient(USERS.acmeViewer, acmeOrg)), `org:${ACME.id}`);
    expect(joined.status).toBe('SUBSCRIBED');
  });

  it('a Globex member is refused the Acme organization topic, with the reason', async () => {
    const joined = await join(track(await userClient(USERS.globexOwner, globexOrg)), `org:${ACME.id}`);
    expect(joined.status).toBe('CHANNEL_ERROR');
    expect(joined.error?.message).toContain('Unauthorized');
  });

  it('anon (a visitor) is refused a private channel', async () => {
    const joined = await join(track(anonClient()), `conversation:${await acmeConversation()}`);
    expect(joined.status).toBe('CHANNEL_ERROR');
  });

  it('a session-key token with another role than authenticated is refused', async () => {
    const { SignJWT, importJWK } = await import('jose');
    const key = await importJWK(keys.sessionPrivateJwk, 'RS256');
    const forged = await new SignJWT({ role: 'service_role' })
      .setProtectedHeader({ alg: 'RS256', kid: keys.sessionPrivateJwk.kid })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
    const joined = await join(track(clientWithToken(forged)), `org:${ACME.id}`);
    expect(joined.status).toBe('CHANNEL_ERROR');
    expect(joined.error?.message).toContain('authenticated');
  });

  it('an expired token is refused', async () => {
    const expired = await tokenFor(USERS.acmeOwner, { id: ACME.id, slug: ACME.slug, role: 'member' }, -60);
    const joined = await join(track(clientWithToken(expired)), `org:${ACME.id}`);
    expect(joined.status).toBe('CHANNEL_ERROR');
    expect(joined.error?.message).toContain('Token has expired');
  });

  it('the WebSocket upgrade is refused without a valid API key', async () => {
    const url = `${config.apiUrl.replace(/^http/, 'ws')}/realtime/v1/websocket?apikey=nope&vsn=2.0.0`;
    const outcome = await new Promise<string>((resolve) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve('open');
      ws.onerror = () => resolve('refused');
    });
    expect(outcome).toBe('refused');
    const res = await fetch(`${config.apiUrl}/realtime/v1/websocket?apikey=nope`, { headers: { connection: 'upgrade', upgrade: 'websocket' } }).catch(
      () => undefined,
    );
    if (res) expect(res.status).toBe(401);
  });
});

describe('broadcast', () => {
  it('a database-sent message reaches the organization’s members and nobody else', async () => {
    const acme = await join(track(await userClient(USERS.acmeAgent, acmeOrg)), `org:${ACME.id}`);
    const globex = await join(track(await userClient(USERS.globexAgent, globexOrg)), `org:${GLOBEX.id}`);
    expect([acme.status, globex.status]).toEqual(['SUBSCRIBED', 'SUBSCRIBED']);
    const received = nextMessage<{ ticket: string }>(acme.channel, 'ticket_created');
    const globexHeard: string[] = [];
    globex.channel.on('broadcast', { event: '*' }, (message) => globexHeard.push(message.event));
    await sql(`select realtime.send('{"ticket": "ACM-999"}'::jsonb, 'ticket_created', $1, true)`, [`org:${ACME.id}`]);
    expect(await received).toEqual({ ticket: 'ACM-999' });
    // a message for Globex's topic afterwards proves its channel was live all along
    const globexReceived = nextMessage(globex.channel, 'ping');
    await sql(`select realtime.send('{}'::jsonb, 'ping', $1, true)`, [`org:${GLOBEX.id}`]);
    await globexReceived;
    expect(globexHeard).toEqual(['ping']);
  });

  it('a message sent by a transaction that rolls back is never delivered', async () => {
    const acme = await join(track(await userClient(USERS.acmeAgent, acmeOrg)), `org:${ACME.id}`);
    const events: string[] = [];
    acme.channel.on('broadcast', { event: '*' }, (m) => events.push(m.event));
    await sql(`do $$ begin perform realtime.send('{}'::jsonb, 'ghost', 'org:${ACME.id}', true); raise exception 'rolled back'; end $$`).catch(
      () => undefined,
    );
    const after = nextMessage(acme.channel, 'after');
    await sql(`select realtime.send('{}'::jsonb, 'after', $1, true)`, [`org:${ACME.id}`]);
    await after;
    expect(events).toEqual(['after']);
  });

  it('an agent’s typing broadcast reaches the other agent on the conversation; a viewer may not send', async () => {
    const topic = `conversation:${await acmeConversation()}`;
    const grace = await join(track(await userClient(USERS.acmeOwner, acmeOrg)), topic);
    const alan = await join(track(await userClient(USERS.acmeAgent, acmeOrg)), topic, (c) => c, { broadcast: { ack: true } });
    const viewer = await join(track(await userClient(USERS.acmeViewer, acmeOrg)), topic, (c) => c, { broadcast: { ack: true } });
    expect([grace.status, alan.status, viewer.status]).toEqual(['SUBSCRIBED', 'SUBSCRIBED', 'SUBSCRIBED']);
    const typing = nextMessage<{ user: string }>(grace.channel, 'typing');
    expect(await alan.channel.send({ type: 'broadcast', event: 'typing', payload: { user: 'alan' } })).toBe('ok');
    expect(await typing).toEqual({ user: 'alan' });
    expect(await viewer.channel.send({ type: 'broadcast', event: 'typing', payload: { user: 'viewer' } })).not.toBe('ok');
  });
});

describe('desk changes from the database', () => {
  it('a visitor’s widget message reaches an agent’s open queue and thread live, as ids only', async () => {
    const session = await startSession();
    const queue = await join(track(await userClient(USERS.acmeAgent, acmeOrg)), `org:${ACME.id}`);
    const thread = await join(track(await userClient(USERS.acmeAgent, acmeOrg)), `conversation:${session.conversation_id}`);
    expect([queue.status, thread.status]).toEqual(['SUBSCRIBED', 'SUBSCRIBED']);
    const inQueue = nextMessage<{ conversation_ids: string[] }>(queue.channel, 'messages_created');
    const inThread = nextMessage<{ message_ids: string[]; sender_types: string[] }>(thread.channel, 'messages_created');
    const { res } = await chat(session.session_token, `rt-${Date.now()}`, 'Is anyone there? secret words');
    expect(res.status).toBe(200);
    expect((await inQueue).conversation_ids).toContain(session.conversation_id);
    const event = await inThread;
    expect(event.sender_types).toContain('visitor');
    expect(JSON.stringify(event)).not.toContain('secret words');
  });
});

describe('presence', () => {
  it('two agents on a conversation see each other, and a leave', async () => {
    const topic = `conversation:${await acmeConversation()}`;
    const presenceOf = (c: RealtimeChannel) => c.on('presence', { event: 'sync' }, () => undefined);
    const a = await join(track(await userClient(USERS.acmeOwner, acmeOrg)), topic, presenceOf, { presence: { key: 'grace' } });
    const b = await join(track(await userClient(USERS.acmeAgent, acmeOrg)), topic, presenceOf, { presence: { key: 'alan' } });
    expect(await a.channel.track({ viewing: true })).toBe('ok');
    expect(await b.channel.track({ replying: true })).toBe('ok');
    await expect.poll(() => Object.keys(a.channel.presenceState()).sort(), { timeout: 5000 }).toEqual(['alan', 'grace']);
    await b.channel.unsubscribe();
    await expect.poll(() => Object.keys(a.channel.presenceState()), { timeout: 5000 }).toEqual(['grace']);
  });
});

describe('token refresh', () => {
  it('a member removed from the organization loses the channel at the next token', async () => {
    const user = `user_realtime_${Date.now()}`;
    await sql(`insert into public.users (id, email, name) values ($1, $2, 'Temporary')`, [user, `${user}@acme.example`]);
    await sql(`insert into public.organization_members (organization_id, user_id, role) values ($1, $2, 'agent')`, [ACME.id, user]);
    try {
      const client = track(await userClient(user, acmeOrg));
      const joined = await join(client, `org:${ACME.id}`);
      expect(joined.status).toBe('SUBSCRIBED');
      const closed = new Promise<string>((resolve) => {
        joined.channel.on('system', {}, (message: { message?: string }) => resolve(message.message ?? ''));
      });
      await sql('delete from public.organization_members where organization_id = $1 and user_id = $2', [ACME.id, user]);
      // a later expiry than the first token's, so the refreshed token differs from it
      await client.realtime.setAuth(await tokenFor(user, { id: ACME.id, slug: ACME.slug, role: 'member' }, 7200));
      expect(await closed).toContain('Unauthorized');
      const again = await join(track(await userClient(user, acmeOrg)), `org:${ACME.id}`);
      expect(again.status).toBe('CHANNEL_ERROR');
    } finally {
      await sql('delete from public.organization_members where user_id = $1', [user]);
      await sql('delete from public.users where id = $1', [user]);
    }
  });
});

describe('isolation of the dashboard’s topics', () => {
  it('a Globex member is refused an Acme conversation topic, and hears nothing of it', async () => {
    const conversation = await acmeConversation();
    const globex = await join(track(await userClient(USERS.globexOwner, globexOrg)), `conversation:${conversation}`);
    expect(globex.status).toBe('CHANNEL_ERROR');
    expect(globex.error?.message).toContain('Unauthorized');
  });

  it('a token naming Acme active without an Acme membership is refused Acme’s topics', async () => {
    const forged = track(await userClient(USERS.globexOwner, { ...acmeOrg, role: 'owner' }));
    const org = await join(forged, `org:${ACME.id}`);
    const thread = await join(forged, `conversation:${await acmeConversation()}`);
    expect([org.status, thread.status]).toEqual(['CHANNEL_ERROR', 'CHANNEL_ERROR']);
  });

  it('an Acme member with Globex active (the consultant) is refused Acme’s topics until Acme is active', async () => {
    const asGlobex = await join(track(await userClient(USERS.consultant, globexOrg)), `org:${ACME.id}`);
    expect(asGlobex.status).toBe('CHANNEL_ERROR');
    const asAcme = await join(track(await userClient(USERS.consultant, acmeOrg)), `org:${ACME.id}`);
    expect(asAcme.status).toBe('SUBSCRIBED');
  });

  it('anon is refused the organization topic, and a made-up or malformed topic is refused to members', async () => {
    const anon = await join(track(anonClient()), `org:${ACME.id}`);
    const unknown = await join(track(await userClient(USERS.acmeOwner, acmeOrg)), `conversation:${randomUUID()}`);
    const malformed = await join(track(await userClient(USERS.acmeOwner, acmeOrg)), `org:${ACME.id.toUpperCase()}x`);
    expect([anon.status, unknown.status, malformed.status]).toEqual(['CHANNEL_ERROR', 'CHANNEL_ERROR', 'CHANNEL_ERROR']);
  });
});
