import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUserEvent, signDelivery } from '@/lib/auth/clerk-events';
import { startFakeClerk, type FakeClerk, type FakeClerkMembership, type FakeClerkOrganization } from '@/scripts/test/fake-clerk';
import { deleteUsers } from '../dashboard/cleanup';
import { startFunctionsRuntime } from '../helpers/functions-runtime';
import { clientWithToken, config, keys, sql } from '../helpers/stack';

/**
 * Clerk mode end to end without Clerk's servers: a functions runtime holding a Clerk secret key,
 * pointed at a fake Clerk Backend API whose session tokens are signed with the key PostgREST
 * trusts for sessions (the local stand-in for Clerk's JWKS). A sign-up through the webhook gets a
 * personal organization here AND in Clerk, linked; the Clerk-shaped token (o.id = the Clerk org
 * id) reads that organization's tickets and nothing else; Clerk-side membership changes are
 * mirrored; dashboard-side ones reach Clerk through the outbox, retried across 429s and 5xx.
 */
let fake: FakeClerk;
let runtime: Awaited<ReturnType<typeof startFunctionsRuntime>>;
const created: string[] = [];
const teamOrgs: string[] = [];

beforeAll(async () => {
  fake = await startFakeClerk({ privateJwk: keys.sessionPrivateJwk });
  runtime = await startFunctionsRuntime({ CLERK_SECRET_KEY: fake.secretKey, CLERK_API_URL: fake.url });
}, 120_000);

afterAll(async () => {
  await deleteUsers(created);
  if (teamOrgs.length > 0) await sql('delete from public.organizations where id = any($1)', [teamOrgs]);
  // the shared test database runs in local mode for every other file
  await sql('update private.clerk_sync_state set enabled = false, enabled_at = null');
  await sql('delete from private.clerk_outbox');
  await runtime?.stop();
  await fake?.close();
});

async function deliver(payload: unknown) {
  const d = signDelivery(keys.webhookSecret, payload);
  const res = await fetch(`${runtime.url}/clerk-webhook`, { method: 'POST', headers: d.headers, body: d.body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function event(type: string, data: unknown) {
  return { type, object: 'event', timestamp: Date.now(), data };
}

async function drain() {
  const res = await fetch(`${runtime.url}/clerk-sync`, { method: 'POST', headers: { authorization: `Bearer ${keys.cronSecret}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string; done: number; failed: number; errors: string[] };
}

async function signUp() {
  const tag = randomUUID().slice(0, 8);
  const user = { id: `user_ck_${tag}`, email: `ck-${tag}@clerk-mode.example`, name: `Casey ${tag}` };
  created.push(user.id);
  const res = await deliver(buildUserEvent('user.created', user));
  expect(res.status).toBe(200);
  const [org] = await sql<{ id: string; slug: string; clerk_org_id: string | null }>(
    `select o.id, o.slug, o.clerk_org_id from public.organizations o join public.organization_members m on m.organization_id = o.id
     where m.user_id = $1`,
    [user.id],
  );
  return { user, org: org! };
}

async function addTicket(orgId: string, subject: string) {
  await sql(`insert into public.tickets (organization_id, subject) values ($1, $2)`, [orgId, subject]);
}

async function ticketsWith(token: string) {
  const { data, error } = await clientWithToken(token).from('tickets').select('subject').order('subject');
  expect(error).toBeNull();
  return (data ?? []).map((t) => t.subject);
}

/** A team organization made in Clerk's dashboard, mirrored here through organization.created. */
async function clerkTeam(): Promise<{ clerk: FakeClerkOrganization; id: string }> {
  const tag = randomUUID().slice(0, 8);
  const clerk = fake.addOrganization(`Team ${tag}`, `team-${tag}`);
  const res = await deliver(event('organization.created', clerk));
  expect(res.body).toMatchObject({ status: 'processed', created: true });
  const id = res.body.organization_id as string;
  teamOrgs.push(id);
  return { clerk, id };
}

const outboxOf = (orgId: string) =>
  sql<{ kind: string; done: boolean; attempts: number; last_error: string | null; wait_s: number }>(
    `select kind, done_at is not null as done, attempts, last_error,
            extract(epoch from next_attempt_at - now())::int as wait_s
     from private.clerk_outbox where organization_id = $1 order by id`,
    [orgId],
  );

describe('Clerk mode', () => {
  it('clerk-sync answers only the scheduler (CRON_SECRET)', async () => {
    const denied = await fetch(`${runtime.url}/clerk-sync`, { method: 'POST', headers: { authorization: 'Bearer not-the-secret' } });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await drain()).toMatchObject({ status: 'drained' });
  });

  it('a sign-up through the webhook gets a personal organization in Clerk too, linked, with the owner role', async () => {
    const { user, org } = await signUp();
    expect(org.clerk_org_id).toMatch(/^org_/);
    const clerkOrg = fake.organizations.get(org.clerk_org_id!);
    expect(clerkOrg).toMatchObject({ object: 'organization', slug: org.slug, private_metadata: { concierge_org_id: org.id } });
    expect(fake.memberships.get(org.clerk_org_id!)?.get(user.id)?.role).toBe('org:owner');
    expect(await outboxOf(org.id)).toEqual([
      expect.objectContaining({ kind: 'organization', done: true }),
      expect.objectContaining({ kind: 'membership', done: true }),
    ]);
  });

  it("the Clerk-shaped token (o.id = the Clerk org id) reads that organization's tickets and nothing of another", async () => {
    const { user, org } = await signUp();
    const other = await signUp();
    await addTicket(org.id, 'Mine');
    await addTicket(other.org.id, 'Theirs');

    const token = await fake.sessionToken(user.id, org.clerk_org_id);
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).toMatchObject({
      sub: user.id,
      v: 2,
      role: 'authenticated',
      o: { id: org.clerk_org_id, rol: 'owner', slg: org.slug },
    });
    expect(await ticketsWith(token)).toEqual(['Mine']);
    // naming the other organization's Clerk id (a forged claim) reads nothing
    expect(await ticketsWith(await fake.sessionToken(user.id, other.org.clerk_org_id, { forge: true }))).toEqual([]);
    // an unknown Clerk id, and no active organization, read nothing
    expect(await ticketsWith(await fake.sessionToken(user.id, null))).toEqual([]);
  });

  it('switches organizations: a Clerk membership is mirrored, and each token reads only its active organization', async () => {
    const { user, org } = await signUp();
    const team = await clerkTeam();
    await addTicket(org.id, 'Personal ticket');
    await addTicket(team.id, 'Team ticket');

    const membership = fake.setMembership(team.clerk.id, user.id, 'org:agent');
    const res = await deliver(event('organizationMembership.created', membership));
    expect(res.body).toMatchObject({ status: 'processed', role: 'agent' });

    expect(await ticketsWith(await fake.sessionToken(user.id, team.clerk.id))).toEqual(['Team ticket']);
    expect(await ticketsWith(await fake.sessionToken(user.id, org.clerk_org_id))).toEqual(['Personal ticket']);
    // mirrored, not echoed back to Clerk
    expect(fake.calls.filter((c) => c.path.startsWith(`/organizations/${team.clerk.id}`))).toEqual([]);
  });

  it('a member removed in Clerk is removed here, and their next token reads nothing', async () => {
    const { user } = await signUp();
    const team = await clerkTeam();
    await addTicket(team.id, 'Team only');
    await deliver(event('organizationMembership.created', fake.setMembership(team.clerk.id, user.id, 'org:viewer')));
    expect(await ticketsWith(await fake.sessionToken(user.id, team.clerk.id))).toEqual(['Team only']);

    const removed = fake.removeMembership(team.clerk.id, user.id) as FakeClerkMembership;
    const res = await deliver(event('organizationMembership.deleted', removed));
    expect(res.body).toMatchObject({ status: 'processed', removed: true });
    expect(await ticketsWith(await fake.sessionToken(user.id, team.clerk.id, { forge: true }))).toEqual([]);
  });

  it('a removal and a role change made here reach Clerk through the outbox', async () => {
    const { user } = await signUp();
    const team = await clerkTeam();
    await deliver(event('organizationMembership.created', fake.setMembership(team.clerk.id, user.id, 'org:viewer')));
    await sql(`update public.organization_members set role = 'admin' where organization_id = $1 and user_id = $2`, [team.id, user.id]);
    expect((await drain()).failed).toBe(0);
    expect(fake.memberships.get(team.clerk.id)?.get(user.id)?.role).toBe('org:admin');

    await sql('delete from public.organization_members where organization_id = $1 and user_id = $2', [team.id, user.id]);
    await drain();
    expect(fake.memberships.get(team.clerk.id)?.has(user.id)).toBe(false);
    expect(await ticketsWith(await fake.sessionToken(user.id, team.clerk.id, { forge: true }))).toEqual([]);
  });

  it('Clerk 429 and 5xx answers are retried (Retry-After, then backoff) and leave no side half-written', async () => {
    fake.failNext(1, 429, 30);
    const { user, org } = await signUp();
    // Postgres committed the whole sign-up; Clerk has nothing yet, and the outbox holds the promise
    expect(org.clerk_org_id).toBeNull();
    expect([...fake.organizations.values()].some((o) => o.private_metadata.concierge_org_id === org.id)).toBe(false);
    const [orgRow] = await outboxOf(org.id);
    expect(orgRow).toMatchObject({ kind: 'organization', done: false, attempts: 1, last_error: expect.stringContaining('429') });
    expect(orgRow!.wait_s).toBeGreaterThanOrEqual(28);

    // due again (as if the 30 s passed); Clerk now fails with a 503: exponential backoff
    await sql('update private.clerk_outbox set next_attempt_at = now() where organization_id = $1', [org.id]);
    fake.failNext(1, 503);
    await drain();
    const [again] = await outboxOf(org.id);
    expect(again).toMatchObject({ done: false, attempts: 2, last_error: expect.stringContaining('503') });
    expect(again!.wait_s).toBeGreaterThanOrEqual(3);

    await sql('update private.clerk_outbox set next_attempt_at = now() where organization_id = $1', [org.id]);
    const result = await drain();
    expect(result.failed).toBe(0);
    const [linked] = await sql<{ clerk_org_id: string }>('select clerk_org_id from public.organizations where id = $1', [org.id]);
    expect(fake.memberships.get(linked!.clerk_org_id)?.get(user.id)?.role).toBe('org:owner');
    expect((await outboxOf(org.id)).every((r) => r.done)).toBe(true);
  });

  it('a retried creation links the organization an earlier attempt made in Clerk, never a second one', async () => {
    fake.failNext(1, 500);
    const { org } = await signUp();
    // the earlier attempt's organization: created in Clerk, its link lost
    const earlier = fake.addOrganization('Lost link', org.slug);
    earlier.private_metadata = { concierge_org_id: org.id };
    await sql('update private.clerk_outbox set next_attempt_at = now() where organization_id = $1', [org.id]);
    await drain();
    const [linked] = await sql<{ clerk_org_id: string }>('select clerk_org_id from public.organizations where id = $1', [org.id]);
    expect(linked!.clerk_org_id).toBe(earlier.id);
    expect([...fake.organizations.values()].filter((o) => o.private_metadata.concierge_org_id === org.id)).toHaveLength(1);
  });

  it('the last owner removed in Clerk stays here, and Clerk gets the membership back', async () => {
    const { user, org } = await signUp();
    const removed = fake.removeMembership(org.clerk_org_id!, user.id) as FakeClerkMembership;
    const res = await deliver(event('organizationMembership.deleted', removed));
    expect(res.body).toMatchObject({ status: 'refused', reason: 'last_owner' });
    expect(fake.memberships.get(org.clerk_org_id!)?.get(user.id)?.role).toBe('org:owner');
  });

  it('mirrors Clerk invitations, and a sign-in (session.created) of a user without organization accepts them', async () => {
    const team = await clerkTeam();
    const tag = randomUUID().slice(0, 8);
    const email = `inv-${tag}@clerk-mode.example`;
    const invitation = {
      object: 'organization_invitation',
      id: `orginv_${tag}`,
      email_address: email,
      role: 'org:agent',
      organization_id: team.clerk.id,
      status: 'pending',
      created_at: Date.now(),
      updated_at: Date.now(),
    };
    expect((await deliver(event('organizationInvitation.created', invitation))).body).toMatchObject({ status: 'processed' });
    const [pending] = await sql<{ role: string; status: string }>(
      'select role::text, status::text from public.invitations where organization_id = $1 and email = $2',
      [team.id, email],
    );
    expect(pending).toEqual({ role: 'agent', status: 'pending' });

    // a user who was already signed up and belongs nowhere (removed everywhere) signs in
    const user = { id: `user_ck_inv_${tag}`, email, name: 'Invited Person' };
    created.push(user.id);
    await sql(`insert into public.users (id, email, email_verified) values ($1, $2, true)`, [user.id, email]);
    const res = await deliver(event('session.created', { object: 'session', id: `sess_${tag}`, user_id: user.id, status: 'active' }));
    expect(res.body).toMatchObject({ status: 'processed', organizations: [{ organization_id: team.id, role: 'agent', via: 'invitation' }] });
    // and Clerk gets the membership
    expect(fake.memberships.get(team.clerk.id)?.get(user.id)?.role).toBe('org:agent');
  });

  it('npm run clerk:sync reports drift (dry run changes nothing), --apply repairs it, and a second run finds none', async () => {
    const a = await signUp();
    const b = await signUp();
    const third = await signUp();
    // drift made behind our back: a member gone from Clerk, a role changed in Clerk, a stranger added in Clerk,
    // and an organization whose Clerk side vanished
    const team = await clerkTeam();
    await deliver(event('organizationMembership.created', fake.setMembership(team.clerk.id, a.user.id, 'org:agent')));
    fake.removeMembership(a.org.clerk_org_id!, a.user.id);
    fake.setMembership(team.clerk.id, a.user.id, 'org:admin');
    fake.setMembership(team.clerk.id, b.user.id, 'org:viewer');
    fake.organizations.delete(third.org.clerk_org_id!);

    const orgs = [team.id, a.org.id, third.org.id].flatMap((id) => ['--org', id]);
    const run = async (apply = false) => {
      const args = ['--import', 'tsx', 'scripts/clerk-sync.ts', ...orgs, ...(apply ? ['--apply'] : [])];
      const env = { ...process.env, SUPABASE_DB_URL: config.db.url, CLERK_SECRET_KEY: fake.secretKey, CLERK_API_URL: fake.url };
      try {
        const { stdout } = await promisify(execFile)(process.execPath, args, { env });
        return { code: 0, stdout };
      } catch (error) {
        const e = error as { code: number; stdout: string };
        return { code: e.code, stdout: e.stdout };
      }
    };
    const dry = await run();
    expect(dry.code).toBe(1);
    for (const kind of ['role_differs', 'member_extra', 'member_missing', 'missing_in_clerk']) expect(dry.stdout).toContain(kind);
    expect(fake.memberships.get(team.clerk.id)?.get(a.user.id)?.role).toBe('org:admin');

    const applied = await run(true);
    expect(applied).toMatchObject({ code: 0, stdout: expect.stringContaining('after repair: 0 difference(s)') });
    expect(fake.memberships.get(team.clerk.id)?.get(a.user.id)?.role).toBe('org:agent');
    expect(fake.memberships.get(team.clerk.id)?.has(b.user.id)).toBe(false);
    expect(fake.memberships.get(a.org.clerk_org_id!)?.get(a.user.id)?.role).toBe('org:owner');
    const [relinked] = await sql<{ clerk_org_id: string }>('select clerk_org_id from public.organizations where id = $1', [third.org.id]);
    expect(fake.memberships.get(relinked!.clerk_org_id)?.get(third.user.id)?.role).toBe('org:owner');

    expect(await run()).toMatchObject({ code: 0, stdout: expect.stringContaining('in step') });
  }, 120_000);
});
