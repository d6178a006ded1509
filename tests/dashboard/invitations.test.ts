import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { appUrl } from '../helpers/app';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { clientWithToken, config, keys, sql, tokenFor } from '../helpers/stack';

/**
 * An existing user joins an organization only by accepting its invitation: /dashboard lists the
 * invitations to their email, and Accept (the server action, run in process with the signed-in
 * user's client) makes them a member. Admins have no way to add them directly.
 */
const stub = vi.hoisted(() => ({ userId: '' }));
vi.mock('server-only', () => ({}));
vi.mock('next/navigation', () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error('NEXT_REDIRECT'), { to });
  },
}));
vi.mock('@/lib/dashboard/context', async () => {
  const stack = await import('../helpers/stack');
  return { getUserSupabase: async () => ({ user: { userId: stub.userId }, supabase: stack.clientWithToken(await stack.tokenFor(stub.userId)) }) };
});

const { acceptInvitationAction } = await import('@/lib/dashboard/actions/invitations');

const ACME_INVITE = 'a7000000-0000-4000-8000-00000000d1a1';
const GLOBEX_INVITE = 'b7000000-0000-4000-8000-00000000d1a2';
let app: string;

beforeAll(async () => {
  app = await appUrl();
  await sql(
    `insert into public.invitations (id, organization_id, email, role, invited_by) values
       ($1, $2, 'nora@nowhere.example', 'agent', 'user_acme_owner'),
       ($3, $4, 'nora@nowhere.example', 'viewer', 'user_globex_owner')`,
    [ACME_INVITE, ACME.id, GLOBEX_INVITE, GLOBEX.id],
  );
});
afterAll(async () => {
  await sql('delete from public.organization_members where user_id = $1', [USERS.nobody]);
  await sql('delete from public.invitations where id = any($1)', [[ACME_INVITE, GLOBEX_INVITE]]);
});

async function dashboard(userId: string) {
  const cookie = await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, userId);
  const res = await fetch(`${app}/dashboard`, { redirect: 'manual', headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
  return { status: res.status, html: await res.text() };
}

async function accept(invitationId: string) {
  const form = new FormData();
  form.set('invitationId', invitationId);
  try {
    return await acceptInvitationAction({ status: 'idle' }, form);
  } catch (error) {
    if ((error as Error).message === 'NEXT_REDIRECT') return { redirect: (error as { to: string }).to };
    throw error;
  }
}

describe('invitations for an existing user', () => {
  it('an admin cannot add them directly', async () => {
    const admin = clientWithToken(await tokenFor('user_acme_admin', { id: ACME.id, role: 'admin', slug: ACME.slug }));
    const { error } = await admin.from('organization_members').insert({ organization_id: ACME.id, user_id: USERS.nobody, role: 'agent' });
    expect(error?.code).toBe('42501');
    expect(await sql('select 1 from public.organization_members where user_id = $1', [USERS.nobody])).toEqual([]);
  });

  it('wait on /dashboard, one row per inviting organization', async () => {
    const page = await dashboard(USERS.nobody);
    expect(page.status).toBe(200);
    expect(page.html.match(/data-testid="invitation-row"/g)).toHaveLength(2);
    expect(page.html).toContain('Acme Corp');
    expect(page.html).toContain('Accept the invitation to Globex');
    // (the first visit compiles the page in `next dev`)
  }, 150_000);

  it('are not shown to anyone else', async () => {
    const page = await dashboard(USERS.consultant);
    expect(page.html).not.toContain('data-testid="invitation-row"');
  }, 90_000);

  it("someone else's invitation cannot be accepted", async () => {
    stub.userId = USERS.consultant;
    expect(await accept(ACME_INVITE)).toMatchObject({ status: 'error', message: 'This invitation is not addressed to you.' });
  });

  it('Accept makes them a member with the invited role and opens the organization', async () => {
    stub.userId = USERS.nobody;
    expect(await accept(ACME_INVITE)).toEqual({ redirect: `/dashboard/${ACME.slug}/tickets` });
    expect(
      await sql('select role::text as role from public.organization_members where user_id = $1 and organization_id = $2', [USERS.nobody, ACME.id]),
    ).toEqual([{ role: 'agent' }]);
    expect(await accept(ACME_INVITE)).toMatchObject({ status: 'error', message: expect.stringContaining('revoked, used or has expired') });
  });
});
