import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appUrl } from '../helpers/app';
import { callAction, sessionCookie } from '../helpers/actions';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { sql } from '../helpers/stack';

// several requests per test, each a page's action in the app under a loaded machine
vi.setConfig({ testTimeout: 300_000 });

/**
 * Every dashboard server action, called over HTTP as the browser calls it, with real session
 * cookies: the app resolves the membership, RLS scopes the write, and the form state that comes
 * back is what the user reads. Each action's success is checked in the database; so are the
 * wrapper's refusals (not a member, bad input, the database saying no) and attempts on another
 * organization's rows, which must change nothing.
 */
const TIMEOUT = 300_000;
const ADMIN = 'user_acme_admin';
const TEMP_USER = 'user_paths_actions_temp';
const TICKET = 'ACM-001';
let app: string;
const cookies: Record<string, string> = {};

interface Call {
  page: string;
  file: string;
  name: string;
}
const act = (call: Call, user: string, fields: Record<string, string | string[]>, orgSlug: string = ACME.slug) =>
  callAction(app, { ...call, cookie: cookies[user], fields: { orgSlug, ...fields } });

const members = (name: string): Call => ({ page: `/dashboard/${ACME.slug}/members`, file: 'lib/dashboard/actions/members.ts', name });
const settings = (name: string): Call => ({ page: `/dashboard/${ACME.slug}/settings`, file: 'lib/dashboard/actions/settings.ts', name });
const websites = (name: string): Call => ({ page: `/dashboard/${ACME.slug}/websites`, file: 'lib/dashboard/actions/websites.ts', name });
const apiKeys = (name: string): Call => ({ page: `/dashboard/${ACME.slug}/settings/api-keys`, file: 'lib/dashboard/actions/api-keys.ts', name });
const tickets: Call = { page: `/dashboard/${ACME.slug}/tickets/${TICKET}`, file: 'lib/dashboard/actions/tickets.ts', name: 'updateTicketFields' };

const NOT_CHANGED = /was not changed: it no longer exists, or your role does not allow it/;
const NOT_A_MEMBER = 'This organization does not exist or you are not a member of it.';

let saved: { org: { name: string; settings: unknown }; ticket: { id: string; priority: string; assignee_id: string | null } };

beforeAll(async () => {
  app = await appUrl();
  for (const user of [USERS.acmeOwner, ADMIN, USERS.acmeAgent, USERS.acmeViewer, USERS.globexOwner]) cookies[user] = await sessionCookie(user);
  cookies.signedOut = '';
  saved = {
    org: (await sql<{ name: string; settings: unknown }>('select name, settings from public.organizations where id = $1', [ACME.id]))[0]!,
    ticket: (
      await sql<{ id: string; priority: string; assignee_id: string | null }>(
        'select id, priority::text, assignee_id from public.tickets where organization_id = $1 and number = 1',
        [ACME.id],
      )
    )[0]!,
  };
  await sql(`insert into public.users (id, email, name) values ($1, 'temp.member@acme.com', 'Temp Member')`, [TEMP_USER]);
  await sql(`insert into public.organization_members (organization_id, user_id, role) values ($1, $2, 'agent')`, [ACME.id, TEMP_USER]);
});

afterAll(async () => {
  await sql('update public.organizations set name = $2, settings = $3 where id = $1', [ACME.id, saved.org.name, saved.org.settings]);
  await sql('update public.tickets set priority = $2, assignee_id = $3 where id = $1', [
    saved.ticket.id,
    saved.ticket.priority,
    saved.ticket.assignee_id,
  ]);
  await sql('delete from public.organization_members where user_id = $1', [TEMP_USER]);
  await sql('delete from public.users where id = $1', [TEMP_USER]);
  await sql("delete from public.invitations where email like '%@paths-actions.example'");
  await sql("delete from public.organization_domains where domain like '%paths-actions.example'");
  await sql("delete from public.websites where domain like '%paths-actions.example'");
  await sql("delete from public.api_keys where name like 'paths-actions%'");
});

describe('the action wrapper', () => {
  it(
    'refuses an organization the user is not a member of, and writes nothing there',
    async () => {
      const res = await act(settings('addAllowedDomain'), ADMIN, { domain: 'wrapper.paths-actions.example', role: 'agent' }, GLOBEX.slug);
      expect(res.status).toBe(200);
      expect(res.result).toMatchObject({ status: 'error', message: NOT_A_MEMBER });
      expect(await sql("select 1 from public.organization_domains where domain = 'wrapper.paths-actions.example'")).toEqual([]);
    },
    TIMEOUT,
  );

  it('returns field errors for a malformed organization slug and for bad input', async () => {
    const slug = await act(settings('addAllowedDomain'), ADMIN, { domain: 'wrapper.paths-actions.example', role: 'agent' }, 'NOT A SLUG');
    expect(slug.result).toMatchObject({
      status: 'error',
      message: 'Please correct the highlighted fields.',
      fieldErrors: { orgSlug: expect.any(Array) },
    });
    const input = await act(settings('addAllowedDomain'), ADMIN, { domain: 'not a domain', role: 'agent' });
    expect(input.result).toMatchObject({ status: 'error', fieldErrors: { domain: ['Enter a domain such as example.com'] } });
  });

  it('turns a database refusal into a message for the form', async () => {
    const res = await act(settings('addAllowedDomain'), USERS.acmeViewer, { domain: 'viewer.paths-actions.example', role: 'agent' });
    expect(res.result).toMatchObject({ status: 'error', message: 'Your role in this organization does not allow this change.' });
    expect(await sql("select 1 from public.organization_domains where domain = 'viewer.paths-actions.example'")).toEqual([]);
  });

  it('sends a signed-out caller to sign in and runs nothing', async () => {
    const res = await act(settings('addAllowedDomain'), 'signedOut', { domain: 'anon.paths-actions.example', role: 'agent' });
    expect(res.status).toBe(307);
    expect(res.result).toBeUndefined();
    expect(await sql("select 1 from public.organization_domains where domain = 'anon.paths-actions.example'")).toEqual([]);
  });
});

describe('members and invitations', () => {
  it(
    'an admin invites by email (normalized), once',
    async () => {
      const res = await act(members('inviteMember'), ADMIN, { email: ' New.Person@Paths-Actions.example ', role: 'agent' });
      expect(res.result).toMatchObject({
        status: 'success',
        message: expect.stringContaining('Invitation sent to new.person@paths-actions.example'),
      });
      expect(
        await sql("select role::text, status::text, invited_by from public.invitations where email = 'new.person@paths-actions.example'"),
      ).toEqual([{ role: 'agent', status: 'pending', invited_by: ADMIN }]);
      const again = await act(members('inviteMember'), ADMIN, { email: 'new.person@paths-actions.example', role: 'viewer' });
      expect(again.result).toMatchObject({ status: 'error', message: 'new.person@paths-actions.example already has a pending invitation.' });
    },
    TIMEOUT,
  );

  it('a bad email or role is a field error; an agent cannot invite', async () => {
    const bad = await act(members('inviteMember'), ADMIN, { email: 'nobody', role: 'emperor' });
    expect(bad.result).toMatchObject({ status: 'error', fieldErrors: { email: expect.any(Array), role: expect.any(Array) } });
    const agent = await act(members('inviteMember'), USERS.acmeAgent, { email: 'by.agent@paths-actions.example', role: 'agent' });
    expect(agent.result).toMatchObject({ status: 'error', message: 'Your role in this organization does not allow this change.' });
    expect(await sql("select 1 from public.invitations where email = 'by.agent@paths-actions.example'")).toEqual([]);
  });

  it('an admin revokes a pending invitation; a second revoke changes nothing', async () => {
    const [invite] = await sql<{ id: string }>("select id from public.invitations where email = 'new.person@paths-actions.example'");
    const res = await act(members('revokeInvite'), ADMIN, { invitationId: invite!.id });
    expect(res.result).toMatchObject({ status: 'success', message: 'Invitation revoked.' });
    expect(await sql('select status::text from public.invitations where id = $1', [invite!.id])).toEqual([{ status: 'revoked' }]);
    expect((await act(members('revokeInvite'), ADMIN, { invitationId: invite!.id })).result).toMatchObject({ status: 'error', message: NOT_CHANGED });
  });

  it("cannot revoke another organization's invitation", async () => {
    const [invite] = await sql<{ id: string }>(
      "insert into public.invitations (organization_id, email, role, invited_by) values ($1, 'globex.invite@paths-actions.example', 'agent', 'user_globex_owner') returning id",
      [GLOBEX.id],
    );
    expect((await act(members('revokeInvite'), ADMIN, { invitationId: invite!.id })).result).toMatchObject({ status: 'error', message: NOT_CHANGED });
    expect(await sql('select status::text from public.invitations where id = $1', [invite!.id])).toEqual([{ status: 'pending' }]);
  });

  it(
    'an admin changes a role; a viewer cannot; an admin cannot grant ownership',
    async () => {
      const role = async () =>
        (await sql<{ role: string }>('select role::text from public.organization_members where user_id = $1', [TEMP_USER]))[0]?.role;
      expect((await act(members('changeMemberRole'), ADMIN, { userId: TEMP_USER, role: 'viewer' })).result).toMatchObject({
        status: 'success',
        message: 'Role changed.',
      });
      expect(await role()).toBe('viewer');
      expect((await act(members('changeMemberRole'), USERS.acmeViewer, { userId: TEMP_USER, role: 'admin' })).result).toMatchObject({
        status: 'error',
        message: NOT_CHANGED,
      });
      const owner = await act(members('changeMemberRole'), ADMIN, { userId: TEMP_USER, role: 'owner' });
      expect(owner.result).toMatchObject({ status: 'error' });
      expect(await role()).toBe('viewer');
    },
    TIMEOUT,
  );

  it('the last owner cannot step down', async () => {
    const res = await act(members('changeMemberRole'), USERS.acmeOwner, { userId: USERS.acmeOwner, role: 'admin' });
    expect(res.result).toMatchObject({ status: 'error', message: expect.stringMatching(/owner/i) });
    expect(
      await sql('select role::text from public.organization_members where user_id = $1 and organization_id = $2', [USERS.acmeOwner, ACME.id]),
    ).toEqual([{ role: 'owner' }]);
  });

  it("cannot change or remove a member of another organization through Acme's dashboard", async () => {
    expect((await act(members('changeMemberRole'), ADMIN, { userId: USERS.globexAgent, role: 'viewer' })).result).toMatchObject({
      status: 'error',
      message: NOT_CHANGED,
    });
    expect((await act(members('removeMemberFromOrg'), ADMIN, { userId: USERS.globexAgent })).result).toMatchObject({
      status: 'error',
      message: NOT_CHANGED,
    });
    expect(
      await sql('select role::text from public.organization_members where user_id = $1 and organization_id = $2', [USERS.globexAgent, GLOBEX.id]),
    ).toEqual([{ role: 'agent' }]);
  });

  it('an admin removes a member', async () => {
    expect((await act(members('removeMemberFromOrg'), ADMIN, { userId: TEMP_USER })).result).toMatchObject({
      status: 'success',
      message: 'Member removed.',
    });
    expect(await sql('select 1 from public.organization_members where user_id = $1', [TEMP_USER])).toEqual([]);
  });
});

describe('settings and domains', () => {
  it(
    'an admin saves the settings; out-of-range values are field errors; an agent saves nothing',
    async () => {
      const fields = { name: 'Acme Corp', assistantName: 'Robin', greeting: 'Hi from the actions test', escalationThreshold: '0.35' };
      expect((await act(settings('saveSettings'), ADMIN, fields)).result).toMatchObject({ status: 'success', message: 'Settings saved.' });
      const [row] = await sql<{ settings: Record<string, unknown> }>('select settings from public.organizations where id = $1', [ACME.id]);
      expect(row!.settings).toMatchObject({ assistant_name: 'Robin', greeting: 'Hi from the actions test', escalation_threshold: 0.35 });

      const bad = await act(settings('saveSettings'), ADMIN, { ...fields, name: ' ', escalationThreshold: '2' });
      expect(bad.result).toMatchObject({
        status: 'error',
        fieldErrors: { name: ['The organization needs a name'], escalationThreshold: ['At most 1'] },
      });
      const agent = await act(settings('saveSettings'), USERS.acmeAgent, { ...fields, greeting: 'Agent was here' });
      expect(agent.result).toMatchObject({ status: 'error', message: NOT_CHANGED });
      const [after] = await sql<{ settings: Record<string, unknown> }>('select settings from public.organizations where id = $1', [ACME.id]);
      expect(after!.settings.greeting).toBe('Hi from the actions test');
    },
    TIMEOUT,
  );

  it('an admin adds a domain (lower-cased, without @), once, and removes it', async () => {
    const added = await act(settings('addAllowedDomain'), ADMIN, { domain: '@Team.Paths-Actions.example', role: 'viewer' });
    expect(added.result).toMatchObject({ status: 'success', message: expect.stringContaining('Added @team.paths-actions.example') });
    expect(await sql("select role::text, verified_at from public.organization_domains where domain = 'team.paths-actions.example'")).toEqual([
      { role: 'viewer', verified_at: null },
    ]);
    const again = await act(settings('addAllowedDomain'), ADMIN, { domain: 'team.paths-actions.example', role: 'agent' });
    expect(again.result).toMatchObject({ status: 'error', message: 'team.paths-actions.example is already on the list.' });

    expect((await act(settings('removeAllowedDomain'), ADMIN, { domain: 'team.paths-actions.example' })).result).toMatchObject({
      status: 'success',
      message: 'Domain removed.',
    });
    expect(await sql("select 1 from public.organization_domains where domain = 'team.paths-actions.example'")).toEqual([]);
    expect((await act(settings('removeAllowedDomain'), ADMIN, { domain: 'team.paths-actions.example' })).result).toMatchObject({
      status: 'error',
      message: NOT_CHANGED,
    });
  });

  it('verifying a domain that is not on the list says so', async () => {
    const res = await act(settings('verifyAllowedDomain'), ADMIN, { domain: 'unlisted.paths-actions.example' });
    expect(res.result).toMatchObject({ status: 'error', message: '@unlisted.paths-actions.example is not on the list.' });
  });
});

describe('websites', () => {
  let websiteId: string;

  it(
    'an admin adds a website; its origins are parsed, lower-cased, de-duplicated and stripped of trailing slashes',
    async () => {
      const res = await act(websites('addWebsite'), ADMIN, {
        name: 'Paths shop',
        domain: 'Shop.Paths-Actions.example',
        allowedOrigins: 'https://Shop.Paths-Actions.example/, https://shop.paths-actions.example\nhttp://localhost:3000  http://localhost:3000/',
      });
      expect(res.result).toMatchObject({ status: 'success', message: expect.stringMatching(/^Paths shop added with widget key wk_/) });
      const [row] = await sql<{ id: string; domain: string; allowed_origins: string[] }>(
        "select id, domain, allowed_origins from public.websites where domain = 'shop.paths-actions.example'",
      );
      expect(row).toMatchObject({
        domain: 'shop.paths-actions.example',
        allowed_origins: ['https://shop.paths-actions.example', 'http://localhost:3000'],
      });
      websiteId = row!.id;
    },
    TIMEOUT,
  );

  it('an origin with a path is a field error (a pasted URL as the domain is cleaned to its host)', async () => {
    const res = await act(websites('addWebsite'), ADMIN, {
      name: 'Bad',
      domain: 'https://bad.paths-actions.example/',
      allowedOrigins: 'https://bad.paths-actions.example/checkout',
    });
    expect(res.result).toMatchObject({ status: 'error', fieldErrors: { allowedOrigins: expect.any(Array) } });
    expect((res.result as { fieldErrors: Record<string, unknown> }).fieldErrors.domain).toBeUndefined();
    expect(await sql("select 1 from public.websites where domain like 'bad.paths-actions.example'")).toEqual([]);
  });

  it('an admin edits it; an agent cannot', async () => {
    const fields = {
      websiteId,
      name: 'Paths shop renamed',
      domain: 'shop.paths-actions.example',
      allowedOrigins: 'https://www.paths-actions.example',
    };
    expect((await act(websites('editWebsite'), ADMIN, fields)).result).toMatchObject({ status: 'success', message: 'Website saved.' });
    expect(await sql('select name, allowed_origins from public.websites where id = $1', [websiteId])).toEqual([
      { name: 'Paths shop renamed', allowed_origins: ['https://www.paths-actions.example'] },
    ]);
    expect((await act(websites('editWebsite'), USERS.acmeAgent, { ...fields, name: 'Agent was here' })).result).toMatchObject({
      status: 'error',
      message: NOT_CHANGED,
    });
    expect((await sql<{ name: string }>('select name from public.websites where id = $1', [websiteId]))[0]!.name).toBe('Paths shop renamed');
  });

  it("cannot edit or remove another organization's website", async () => {
    const fields = { websiteId: GLOBEX.websites.main, name: 'Taken over', domain: 'globex.com', allowedOrigins: '' };
    expect((await act(websites('editWebsite'), ADMIN, fields)).result).toMatchObject({ status: 'error', message: NOT_CHANGED });
    expect((await act(websites('removeWebsite'), ADMIN, { websiteId: GLOBEX.websites.main })).result).toMatchObject({
      status: 'error',
      message: NOT_CHANGED,
    });
    const [globex] = await sql<{ name: string }>('select name from public.websites where id = $1', [GLOBEX.websites.main]);
    expect(globex!.name).not.toBe('Taken over');
  });

  it('an admin removes it', async () => {
    expect((await act(websites('removeWebsite'), ADMIN, { websiteId })).result).toMatchObject({ status: 'success' });
    expect(await sql('select 1 from public.websites where id = $1', [websiteId])).toEqual([]);
  });
});

describe('ticket priority and assignee', () => {
  const ticket = () =>
    sql<{ priority: string; assignee_id: string | null }>('select priority::text, assignee_id from public.tickets where id = $1', [
      saved.ticket.id,
    ]).then((rows) => rows[0]!);

  it(
    'an agent sets the priority and the assignee, then unassigns',
    async () => {
      const id = saved.ticket.id;
      expect((await act(tickets, USERS.acmeAgent, { ticketId: id, priority: 'urgent' })).result).toMatchObject({
        status: 'success',
        message: 'Ticket updated.',
      });
      expect((await ticket()).priority).toBe('urgent');
      expect((await act(tickets, USERS.acmeAgent, { ticketId: id, assigneeId: ADMIN })).result).toMatchObject({ status: 'success' });
      expect((await ticket()).assignee_id).toBe(ADMIN);
      expect((await act(tickets, USERS.acmeAgent, { ticketId: id, assigneeId: 'none' })).result).toMatchObject({ status: 'success' });
      expect((await ticket()).assignee_id).toBeNull();
    },
    TIMEOUT,
  );

  it('a non-member assignee, an unknown priority and a viewer are refused', async () => {
    const id = saved.ticket.id;
    const outsider = await act(tickets, USERS.acmeAgent, { ticketId: id, assigneeId: USERS.globexAgent });
    expect(outsider.result).toMatchObject({ status: 'error', message: 'Something this refers to no longer exists. Reload the page and try again.' });
    const priority = await act(tickets, USERS.acmeAgent, { ticketId: id, priority: 'whenever' });
    expect(priority.result).toMatchObject({ status: 'error', fieldErrors: { priority: expect.any(Array) } });
    const viewer = await act(tickets, USERS.acmeViewer, { ticketId: id, priority: 'low' });
    expect(viewer.result).toMatchObject({ status: 'error', message: NOT_CHANGED });
    expect(await ticket()).toEqual({ priority: 'urgent', assignee_id: null });
  });

  it("cannot change another organization's ticket", async () => {
    const [globex] = await sql<{ id: string; priority: string }>(
      'select id, priority::text from public.tickets where organization_id = $1 and number = 1',
      [GLOBEX.id],
    );
    expect((await act(tickets, USERS.acmeAgent, { ticketId: globex!.id, priority: 'low' })).result).toMatchObject({
      status: 'error',
      message: NOT_CHANGED,
    });
    expect((await sql<{ priority: string }>('select priority::text from public.tickets where id = $1', [globex!.id]))[0]!.priority).toBe(
      globex!.priority,
    );
  });
});

describe('API keys', () => {
  let keyId: string;

  it(
    'an admin creates a key and sees it once; an agent cannot; a key needs a scope',
    async () => {
      const res = await act(apiKeys('createKeyAction'), ADMIN, { name: 'paths-actions key', scopes: ['ingest:write', 'read'] });
      expect(res.result).toMatchObject({
        status: 'success',
        message: 'Key “paths-actions key” created.',
        key: expect.stringMatching(/^ck_live_[0-9a-f]{48}$/),
      });
      const [row] = await sql<{ id: string; scopes: string[] }>(
        "select id, scopes::text[] as scopes from public.api_keys where name = 'paths-actions key'",
      );
      expect(row!.scopes.sort()).toEqual(['ingest:write', 'read']);
      keyId = row!.id;

      const agent = await act(apiKeys('createKeyAction'), USERS.acmeAgent, { name: 'paths-actions agent', scopes: ['read'] });
      expect(agent.result).toMatchObject({ status: 'error', message: 'Only admins and owners can create API keys.' });
      const none = await act(apiKeys('createKeyAction'), ADMIN, { name: 'paths-actions none' });
      expect(none.result).toMatchObject({ status: 'error', fieldErrors: { scopes: ['Pick at least one scope'] } });
      expect(await sql("select 1 from public.api_keys where name in ('paths-actions agent', 'paths-actions none')")).toEqual([]);
    },
    TIMEOUT,
  );

  it('an active key is not deleted; revoked, it is', async () => {
    expect((await act(apiKeys('deleteKeyAction'), ADMIN, { keyId })).result).toMatchObject({ status: 'error', message: NOT_CHANGED });
    expect((await act(apiKeys('revokeKeyAction'), ADMIN, { keyId })).result).toMatchObject({ status: 'success' });
    expect(
      (await sql<{ revoked: boolean }>('select revoked_at is not null as revoked from public.api_keys where id = $1', [keyId]))[0]!.revoked,
    ).toBe(true);
    expect((await act(apiKeys('revokeKeyAction'), ADMIN, { keyId })).result).toMatchObject({ status: 'error', message: NOT_CHANGED });
    expect((await act(apiKeys('deleteKeyAction'), ADMIN, { keyId })).result).toMatchObject({ status: 'success', message: 'Key deleted.' });
    expect(await sql('select 1 from public.api_keys where id = $1', [keyId])).toEqual([]);
  });

  it("cannot revoke another organization's key", async () => {
    const [globex] = await sql<{ id: string }>(
      "insert into public.api_keys (organization_id, name, prefix, key_hash, scopes) values ($1, 'paths-actions globex', 'ck_live_00000000', repeat('0', 64), '{read}') returning id",
      [GLOBEX.id],
    );
    expect((await act(apiKeys('revokeKeyAction'), ADMIN, { keyId: globex!.id })).result).toMatchObject({ status: 'error', message: NOT_CHANGED });
    expect(await sql('select revoked_at from public.api_keys where id = $1', [globex!.id])).toEqual([{ revoked_at: null }]);
  });
});
