import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUserEvent, sendUserEvent } from '@/lib/auth/clerk-events';
import { localUserIdForEmail } from '@/lib/auth/local-users';
import { ACME, GLOBEX } from '../helpers/seed';
import { deleteUsers } from './cleanup';
import { config, keys, sql } from '../helpers/stack';

/**
 * Where a new user lands, by the order the issue sets: a pending invitation, else an allowed email
 * domain, else the configured default organization, else a new personal organization. Sent
 * through the clerk-webhook function as local sign-up sends them (the code path Clerk takes).
 */
const webhook = `${config.apiUrl}/functions/v1/clerk-webhook`;

const created: string[] = [];

async function signUp(email: string, name = 'New Person') {
  const user = { id: localUserIdForEmail(email), email, name };
  created.push(user.id);
  const result = await sendUserEvent(webhook, keys.webhookSecret, buildUserEvent('user.created', user));
  const rows = await sql<{ slug: string; role: string; kind: string }>(
    `select o.slug, m.role::text as role, o.kind::text as kind from public.organization_members m
     join public.organizations o on o.id = m.organization_id where m.user_id = $1 order by o.slug`,
    [user.id],
  );
  return { result, rows };
}

const unique = (domain: string) => `person-${randomUUID().slice(0, 8)}@${domain}`;
const setDefault = (orgId: string, on: boolean) =>
  sql(`update public.organizations set settings = ${on ? `settings || '{"default_org": true}'` : `settings - 'default_org'`} where id = $1`, [orgId]);

describe('sign-up organization assignment', () => {
  // these tests move the default-organization flag around: start from none, then put back what was there
  let before: { id: string; flag: unknown }[] = [];
  beforeAll(async () => {
    before = await sql<{ id: string; flag: unknown }>(`select id, settings -> 'default_org' as flag from public.organizations where id = any($1)`, [
      [ACME.id, GLOBEX.id],
    ]);
    await setDefault(ACME.id, false);
    await setDefault(GLOBEX.id, false);
  });
  afterAll(async () => {
    for (const { id, flag } of before) {
      await sql(
        `update public.organizations set settings = settings - 'default_org' || coalesce(jsonb_build_object('default_org', $2::jsonb), '{}') where id = $1`,
        [id, flag === null ? null : JSON.stringify(flag)],
      );
    }
    await deleteUsers(created);
  });

  it('a pending invitation wins over the email domain', async () => {
    const email = unique('acme.com');
    await sql(`insert into public.invitations (organization_id, email, role, invited_by) values ($1, $2, 'viewer', 'user_globex_owner')`, [
      GLOBEX.id,
      email,
    ]);
    const { result, rows } = await signUp(email);
    expect(result.organizations?.map((o) => o.via)).toEqual(['invitation']);
    expect(rows).toEqual([{ slug: 'globex', role: 'viewer', kind: 'team' }]);
  });

  it('an allowed email domain wins over the default organization', async () => {
    await setDefault(GLOBEX.id, true);
    try {
      const { result, rows } = await signUp(unique('acme.com'));
      expect(result.organizations?.[0]?.via).toBe('domain');
      expect(rows).toEqual([{ slug: 'acme', role: 'agent', kind: 'team' }]);
    } finally {
      await setDefault(GLOBEX.id, false);
    }
  });

  it('the default organization wins over a personal one', async () => {
    await setDefault(ACME.id, true);
    try {
      const { result, rows } = await signUp(unique('elsewhere.example'));
      expect(result.organizations?.[0]?.via).toBe('default');
      expect(rows).toEqual([{ slug: 'acme', role: 'viewer', kind: 'team' }]);
    } finally {
      await setDefault(ACME.id, false);
    }
  });

  it('without any of those, the user gets a personal organization they own', async () => {
    const { result, rows } = await signUp(unique('elsewhere.example'), 'Pat Solo');
    expect(result.organizations?.[0]?.via).toBe('personal');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'owner', kind: 'personal' });
    expect(rows[0]?.slug).toMatch(/^pat-solo-[0-9a-f]{6}$/);
  });
});

describe('local sign-up events', () => {
  it('are shaped like Clerk user events with a verified primary email', () => {
    const event = buildUserEvent('user.created', { id: 'user_x1', email: 'ann@example.com', name: 'Ann Marie Lee' });
    expect(event).toMatchObject({
      type: 'user.created',
      object: 'event',
      data: {
        id: 'user_x1',
        first_name: 'Ann',
        last_name: 'Marie Lee',
        primary_email_address_id: 'idn_local_x1',
        email_addresses: [{ id: 'idn_local_x1', email_address: 'ann@example.com', verification: { status: 'verified' } }],
      },
    });
    expect(buildUserEvent('user.deleted', { id: 'user_x1', email: 'ann@example.com' }).data).toEqual({
      id: 'user_x1',
      object: 'user',
      deleted: true,
    });
  });

  it('name a user by their email: demo users keep their seeded id, others get a stable derived one', () => {
    expect(localUserIdForEmail(' Alan@Acme.com ')).toBe('user_acme_agent');
    const id = localUserIdForEmail('someone@example.com');
    expect(id).toMatch(/^user_[0-9a-f]{24}$/);
    expect(localUserIdForEmail('SOMEONE@example.com')).toBe(id);
    expect(localUserIdForEmail('someone-else@example.com')).not.toBe(id);
  });
});
