import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildUserEvent, signDelivery, type ClerkUserEvent } from '@/lib/auth/clerk-events';
import { deleteConversation, deleteUsers } from '../dashboard/cleanup';
import { ACME } from '../helpers/seed';
import { anonClient, config, keys, sql, userClient } from '../helpers/stack';

/**
 * The Clerk webhook Edge Function through the gateway, with deliveries signed by the svix
 * library exactly as Clerk sends them: a good signature syncs the user, a bad or stale one is a
 * 401 that writes nothing, a replayed delivery changes nothing, user.deleted removes memberships
 * but not the sender ids of the user's messages.
 */
const url = `${config.apiUrl}/functions/v1/clerk-webhook`;

const created: string[] = [];
afterAll(() => deleteUsers(created));

function newUser(domain = 'acme.com') {
  const tag = randomUUID().slice(0, 8);
  created.push(`user_hook_${tag}`);
  return { id: `user_hook_${tag}`, email: `hook-${tag}@${domain}`, name: `Hook ${tag}` };
}

async function deliver(payload: unknown, opts: { id?: string; timestamp?: Date; secret?: string; headers?: Record<string, string> } = {}) {
  const d = signDelivery(opts.secret ?? keys.webhookSecret, payload, opts.id, opts.timestamp);
  const res = await fetch(url, { method: 'POST', headers: { ...d.headers, ...opts.headers }, body: d.body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, id: d.id };
}

async function memberships(userId: string) {
  return sql<{ slug: string; role: string }>(
    `select o.slug, m.role::text as role from public.organization_members m join public.organizations o on o.id = m.organization_id
     where m.user_id = $1 order by o.slug`,
    [userId],
  );
}

const userExists = async (id: string) => (await sql('select 1 from public.users where id = $1', [id])).length === 1;

describe('the clerk-webhook function', () => {
  it('syncs a user.created signed with the webhook secret', async () => {
    const user = newUser();
    const res = await deliver(buildUserEvent('user.created', user));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'processed', user_id: user.id, duplicate: false });
    const [row] = await sql<{ email: string; name: string }>('select email, name from public.users where id = $1', [user.id]);
    expect(row).toEqual({ email: user.email, name: user.name });
    expect(await memberships(user.id)).toEqual([{ slug: 'acme', role: 'agent' }]);
  });

  it('refuses a bad signature with 401 and writes nothing', async () => {
    const user = newUser();
    const wrongSecret = `whsec_${Buffer.from('not the secret at all, 32 bytes!').toString('base64')}`;
    const res = await deliver(buildUserEvent('user.created', user), { secret: wrongSecret });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'invalid_signature' } });
    expect(await userExists(user.id)).toBe(false);
  });

  it('refuses a body changed after signing', async () => {
    const user = newUser();
    const d = signDelivery(keys.webhookSecret, buildUserEvent('user.created', user));
    const tampered = d.body.replace(user.email, `mallory-${user.email}`);
    const res = await fetch(url, { method: 'POST', headers: d.headers, body: tampered });
    expect(res.status).toBe(401);
    expect(await userExists(user.id)).toBe(false);
  });

  it('refuses a stale delivery (signed ten minutes ago) and one without Svix headers', async () => {
    const user = newUser();
    const stale = await deliver(buildUserEvent('user.created', user), { timestamp: new Date(Date.now() - 10 * 60_000) });
    expect(stale.status).toBe(401);
    const bare = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(buildUserEvent('user.created', user)),
    });
    expect(bare.status).toBe(401);
    await bare.body?.cancel();
    expect(await userExists(user.id)).toBe(false);
  });

  it('applies a replayed delivery (same svix-id) once', async () => {
    const user = newUser('replay.example');
    const id = `msg_${randomUUID().replace(/-/g, '')}`;
    const first = await deliver(buildUserEvent('user.created', user), { id });
    expect(first.status).toBe(200);
    const [before] = await sql<{ orgs: number; members: number }>(
      'select (select count(*)::int from public.organizations) as orgs, (select count(*)::int from public.organization_members) as members',
    );
    const again = await deliver(buildUserEvent('user.created', user), { id });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, user_id: user.id });
    const deletedWithSameId = await deliver(buildUserEvent('user.deleted', user), { id });
    expect(deletedWithSameId.body).toMatchObject({ duplicate: true });
    const [after] = await sql<{ orgs: number; members: number }>(
      'select (select count(*)::int from public.organizations) as orgs, (select count(*)::int from public.organization_members) as members',
    );
    expect(after).toEqual(before);
    expect(await userExists(user.id)).toBe(true);
  });

  it('on user.deleted removes the memberships and keeps the sender id of their messages', async () => {
    const user = newUser();
    await deliver(buildUserEvent('user.created', user));
    const client = await userClient(user.id, { id: ACME.id, slug: ACME.slug, role: 'agent' });
    // a conversation of its own (a visitor opens the widget), removed afterwards
    const { data: session } = await anonClient().rpc('widget_start_session', { p_website_key: 'wk_acme_main', p_origin: 'https://acme.com' });
    const conversationId = (session as { conversation_id: string }).conversation_id;
    onTestFinished(() => deleteConversation(conversationId));
    const { data: message, error } = await client
      .from('messages')
      .insert({
        organization_id: ACME.id,
        conversation_id: conversationId,
        sender_type: 'agent',
        body: 'Reply before leaving',
        client_msg_id: `c_${randomUUID()}`,
      })
      .select('id, sender_id')
      .single();
    expect(error).toBeNull();
    expect(message?.sender_id).toBe(user.id);

    const res = await deliver(buildUserEvent('user.deleted', user));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deleted: true });
    expect(await memberships(user.id)).toEqual([]);
    expect(await userExists(user.id)).toBe(false);
    const [kept] = await sql<{ sender_id: string }>('select sender_id from public.messages where id = $1', [message!.id]);
    expect(kept?.sender_id).toBe(user.id);
  });

  it('acknowledges events it does not handle, and refuses malformed ones', async () => {
    const ignored = await deliver({ type: 'email.created', object: 'event', data: { id: 'ema_1' } });
    expect(ignored).toMatchObject({ status: 200, body: { status: 'ignored' } });
    const malformed: ClerkUserEvent = { type: 'user.created', object: 'event', timestamp: Date.now(), data: { id: 'not a user id!' } };
    const bad = await deliver(malformed);
    expect(bad.status).toBe(400);
    const get = await fetch(url);
    expect(get.status).toBe(405);
    await get.body?.cancel();
  });
});
