import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ExportError, readExport } from '@/scripts/import-legacy/export-schema';
import { planImport } from '@/scripts/import-legacy/plan';
import { formatReport, runImport, type ImportReport } from '@/scripts/import-legacy/run';
import { channelSecrets } from '@/tests/helpers/channels';
import { legacyExport, writeLegacyExport } from '@/tests/helpers/legacy-export';
import { config, sql } from '@/tests/helpers/stack';

const tokenKey = channelSecrets.CHANNEL_TOKEN_KEY;
const tag = randomBytes(4).toString('hex');
const created: { orgs: string[]; users: string[] } = { orgs: [], users: [] };

function imported(report: ImportReport, admin: string) {
  const o = report.organizations.find((x) => x.admin === admin);
  if (!o || 'error' in o) throw new Error(`${admin} was not imported: ${JSON.stringify(o)}`);
  return o;
}

/** Everything an import can write for these organizations, to compare two runs. */
async function snapshot(slugs: string[]) {
  const [row] = await sql<Record<string, string>>(
    `with o as (select id from public.organizations where slug = any($1))
     select (select count(*) from o) as orgs,
       (select count(*) from public.organization_members where organization_id in (select id from o)) as members,
       (select count(*) from public.invitations where organization_id in (select id from o)) as invitations,
       (select count(*) || ':' || max(updated_at) from public.integrations where organization_id in (select id from o)) as integrations,
       (select count(*) from private.integration_secrets where organization_id in (select id from o)) as secrets,
       (select count(*) || ':' || max(updated_at) from public.conversations where organization_id in (select id from o)) as conversations,
       (select count(*) from public.messages where organization_id in (select id from o)) as messages,
       (select count(*) from public.visitors where organization_id in (select id from o)) as visitors,
       (select count(*) from public.conversation_reads where organization_id in (select id from o)) as reads,
       (select count(*) || ':' || max(imported_at) from private.legacy_records where organization_id in (select id from o)) as records`,
    [slugs],
  );
  return row;
}

afterAll(async () => {
  await sql(`delete from public.organizations where id = any($1::uuid[]) or slug like 'legacy-admin-' || $2 || '%'`, [created.orgs, tag]);
  await sql(`delete from public.users where id = any($1::text[])`, [created.users]);
});

describe('legacy export validation and plan', () => {
  test('an invalid record is refused with its file, index and field', async () => {
    const dir = await writeLegacyExport(legacyExport({ tag: 'x', admins: 1, staffPerAdmin: 0, messages: 2 }));
    await writeFile(path.join(dir, 'integrations.json'), JSON.stringify([{ _id: 'i1', accountId: 'a', platform: 'facebook', oa_id: 'page-id-1' }]));
    await expect(readExport(dir)).rejects.toThrow(new ExportError('integrations.json[0].oa_id: a numeric page / OA id'));
    await expect(readExport(await mkdtemp(path.join(os.tmpdir(), 'legacy-empty-')))).rejects.toThrow('users.json: missing');
  });

  test('mongoexport ids and dates are read; orphans and pages claimed twice are reported, not imported', async () => {
    const data = legacyExport({ tag: 'y', admins: 2, staffPerAdmin: 1, conversationsPerAdmin: 2, messages: 8 });
    const dir = await writeLegacyExport(data);
    const raw = JSON.parse(JSON.stringify(data.messages)) as Record<string, unknown>[];
    raw[0]!._id = { $oid: '64b7f0c2a1b2c3d4e5f60718' };
    raw[0]!.created_at = { $date: '2025-06-01T08:00:01Z' };
    await writeFile(path.join(dir, 'messages.json'), JSON.stringify(raw));
    const read = await readExport(dir);
    expect(read.messages[0]!._id).toBe('64b7f0c2a1b2c3d4e5f60718');

    read.users.push({ accountId: 'staff-lost', role: 'staff', parent_account_id: 'nobody' });
    read.conversations.push({ ...read.conversations[0]!, _id: 'conv-lost', accountId: 'staff-lost' });
    read.messages.push({ ...read.messages[1]!, _id: 'msg-lost', conversation_id: 'conv-gone' });
    read.integrations.push({ ...read.integrations[0]!, _id: 'int-twice', accountId: read.users.find((u) => u.accountId === 'admin-y-1')!.accountId });
    const plan = planImport(read);
    expect(plan.orphans.map((o) => [o.kind, o.legacyId])).toEqual([
      ['account', 'staff-lost'],
      ['conversation', 'conv-lost'],
      ['message', 'msg-lost'],
    ]);
    expect(plan.conflicts).toEqual([{ legacyId: 'int-twice', reason: expect.stringContaining('also owned by admin admin-y-0') }]);
    expect(
      plan.organizations.map((o) => [o.admin.accountId, o.accounts.length, o.integrations.length, o.conversations.length, o.messages.length]),
    ).toEqual([
      ['admin-y-0', 2, 2, 2, 4],
      ['admin-y-1', 2, 2, 2, 4],
    ]);
  });
});

describe('npm run import:legacy (two admins, their staff, integrations, 1,000 messages)', () => {
  const data = legacyExport({ tag });
  const slugs = [`legacy-admin-${tag}-0`, `legacy-admin-${tag}-1`];
  let dir: string;
  // admin 0 and one of its staff already have Concierge accounts; everybody else is invited
  const adminUser = `user_legacy_${tag}_admin0`;
  const staffUser = `user_legacy_${tag}_staff00`;

  beforeAll(async () => {
    dir = await writeLegacyExport(data);
    await sql(`insert into public.users (id, email) values ($1, $2), ($3, $4)`, [
      adminUser,
      `Admin-${tag}-0@legacy.example.com`,
      staffUser,
      `staff-${tag}-0-0@legacy.example.com`,
    ]);
    created.users.push(adminUser, staffUser);
  });

  test('a dry run writes nothing and reports what the run will do', async () => {
    const { stdout } = await promisify(execFile)(
      path.resolve('node_modules/.bin/tsx'),
      ['scripts/import-legacy/cli.ts', dir, '--dry-run', '--json'],
      { env: { ...process.env, DATABASE_URL: config.db.url, CHANNEL_TOKEN_KEY: tokenKey } },
    );
    const report = JSON.parse(stdout) as ImportReport;
    expect(report).toMatchObject({ dryRun: true, ok: true, orphans: [], conflicts: [] });
    for (const admin of [`admin-${tag}-0`, `admin-${tag}-1`]) {
      const o = imported(report, admin);
      expect(o.status).toBe('would import');
      expect(o.result.integrations).toMatchObject({ created: 2, tokensSealed: 1, needsReconnect: 1 });
      expect(o.result.conversations).toMatchObject({ created: 10, alreadyImported: 0 });
      expect(o.result.messages).toEqual({ created: 500, alreadyImported: 0 });
    }
    expect(imported(report, `admin-${tag}-0`).result.accounts).toEqual({ joined: 2, alreadyMembers: 0, invited: 1, noEmail: 0 });
    expect(imported(report, `admin-${tag}-1`).result.accounts).toEqual({ joined: 0, alreadyMembers: 0, invited: 3, noEmail: 0 });

    const [left] = await sql<{ orgs: string; records: string; invitations: string; integrations: string }>(
      `select (select count(*) from public.organizations where slug = any($1)) as orgs,
              (select count(*) from private.legacy_records where legacy_id like '%-' || $2 || '-%') as records,
              (select count(*) from public.invitations where email like '%-' || $2 || '-%') as invitations,
              (select count(*) from public.integrations where external_id = any($3)) as integrations`,
      [slugs, tag, data.integrations.map((i) => i.oa_id)],
    );
    expect(left).toEqual({ orgs: '0', records: '0', invitations: '0', integrations: '0' });
  });

  test('a run imports each admin into an organization, legacy account ids kept for audit', { timeout: 60_000 }, async () => {
    const report = await runImport(data, { databaseUrl: config.db.url, dryRun: false, map: new Map(), tokenKey });
    expect(report.ok).toBe(true);
    for (const admin of [`admin-${tag}-0`, `admin-${tag}-1`]) {
      expect(imported(report, admin).verification).toEqual([
        { kind: 'account', expected: 3, recorded: 3, present: 3 },
        { kind: 'integration', expected: 2, recorded: 2, present: 2 },
        { kind: 'conversation', expected: 10, recorded: 10, present: 10 },
        { kind: 'message', expected: 500, recorded: 500, present: 500 },
      ]);
    }
    const orgs = await sql<{ id: string; slug: string; name: string }>(
      `select id, slug, name from public.organizations where slug = any($1) order by slug`,
      [slugs],
    );
    created.orgs.push(...orgs.map((o) => o.id));
    expect(orgs.map((o) => o.name)).toEqual([`Legacy ${tag} 0`, `Legacy ${tag} 1`]);
    const [org0, org1] = orgs.map((o) => o.id);

    // people: the admin owns its organization, its staff is an agent, the rest are invited
    expect(await sql(`select user_id, role from public.organization_members where organization_id = $1 order by role desc`, [org0])).toEqual([
      { user_id: adminUser, role: 'owner' },
      { user_id: staffUser, role: 'agent' },
    ]);
    expect(await sql(`select email, role from public.invitations where organization_id = $1 order by email`, [org1])).toEqual([
      { email: `admin-${tag}-1@legacy.example.com`, role: 'admin' },
      { email: `staff-${tag}-1-0@legacy.example.com`, role: 'agent' },
      { email: `staff-${tag}-1-1@legacy.example.com`, role: 'agent' },
    ]);

    // integrations: the page's token sealed (never in clear), the OA without one needs a reconnect
    const integrations = await sql<{ platform: string; status: string; connected_by: string | null; token: string | null; clear: boolean }>(
      `select i.platform, i.status, i.connected_by, extensions.pgp_sym_decrypt(s.access_token, $2) as token,
              position(convert_to('EAAG-page-token', 'UTF8') in coalesce(s.access_token, '')) > 0 as clear
       from public.integrations i left join private.integration_secrets s on s.integration_id = i.id
       where i.organization_id = $1 order by i.platform`,
      [org0, tokenKey],
    );
    expect(integrations).toEqual([
      { platform: 'facebook', status: 'active', connected_by: adminUser, token: `EAAG-page-token-${tag}-0`, clear: false },
      { platform: 'zalo', status: 'needs_reconnect', connected_by: adminUser, token: null, clear: false },
    ]);

    // conversations and messages, and each row's legacy ids in the audit table
    const [counts] = await sql<Record<string, string>>(
      `select (select count(*) from public.conversations where organization_id = $1 and integration_id is not null and channel in ('facebook', 'zalo')) as conversations,
              (select count(*) from public.messages where organization_id = $1) as messages,
              (select count(*) from public.messages where organization_id = $1 and sender_type = 'visitor') as from_customers,
              (select count(*) from public.channel_messages where organization_id = $1) as outbox`,
      [org1],
    );
    expect(counts).toEqual({ conversations: '10', messages: '500', from_customers: '250', outbox: '0' });
    const audit = await sql<{ legacy_id: string; legacy_account_id: string; conversation: string; sender_id: string | null; body: string }>(
      `select r.legacy_id, r.legacy_account_id, c.legacy_id as conversation, m.sender_id, m.body
       from private.legacy_records r
       join public.messages m on m.organization_id = r.organization_id and m.id = r.record_id::uuid
       join private.legacy_records c on c.organization_id = m.organization_id and c.kind = 'conversation' and c.record_id = m.conversation_id::text
       where r.organization_id = $1 and r.kind = 'message' and r.legacy_id = any($2)
       order by r.legacy_id`,
      [org0, [`msg-${tag}-20`, `msg-${tag}-21`]],
    );
    expect(audit).toEqual([
      // the conversation handled by the admin: the admin's reply names the admin's user
      {
        legacy_id: `msg-${tag}-20`,
        legacy_account_id: `admin-${tag}-0`,
        conversation: `conv-${tag}-0-0`,
        sender_id: adminUser,
        body: 'Staff answer 20',
      },
      // handled by staff 0-0, who has a Concierge account
      {
        legacy_id: `msg-${tag}-21`,
        legacy_account_id: `staff-${tag}-0-0`,
        conversation: `conv-${tag}-0-1`,
        sender_id: staffUser,
        body: 'Staff answer 21',
      },
    ]);
    const [accounts] = await sql<{ accounts: string[] }>(
      `select array_agg(legacy_id || '>' || legacy_account_id || '>' || coalesce(record_id, '-') order by legacy_id) as accounts
       from private.legacy_records where organization_id = $1 and kind = 'account'`,
      [org0],
    );
    expect(accounts!.accounts).toEqual([
      `admin-${tag}-0>admin-${tag}-0>${adminUser}`,
      `staff-${tag}-0-0>admin-${tag}-0>${staffUser}`,
      `staff-${tag}-0-1>admin-${tag}-0>-`,
    ]);

    // unread_count: for the member, the customer messages after what they read are the legacy count
    const unread = await sql<{ legacy: number; unread: number }>(
      `select (r.details ->> 'unread_count')::int as legacy,
              (select count(*)::int from public.messages m where m.organization_id = r.organization_id and m.conversation_id = c.id
                 and m.sender_type = 'visitor' and m.created_at > cr.last_read_at) as unread
       from private.legacy_records r
       join public.conversations c on c.organization_id = r.organization_id and c.id = r.record_id::uuid
       join public.conversation_reads cr on cr.organization_id = c.organization_id and cr.conversation_id = c.id and cr.user_id = $2
       where r.organization_id = $1 and r.kind = 'conversation'`,
      [org0, staffUser],
    );
    expect(unread).toHaveLength(10);
    for (const row of unread) expect(row.unread).toBe(row.legacy);
  });

  test('a second run changes nothing', { timeout: 60_000 }, async () => {
    const before = await snapshot(slugs);
    const report = await runImport(data, { databaseUrl: config.db.url, dryRun: false, map: new Map(), tokenKey });
    expect(report.ok).toBe(true);
    for (const admin of [`admin-${tag}-0`, `admin-${tag}-1`]) {
      const { result } = imported(report, admin);
      expect(result.organization.action).toBe('already imported');
      expect(result.integrations).toMatchObject({ created: 0, reused: 0, alreadyImported: 2 });
      expect(result.conversations).toEqual({ created: 0, merged: 0, alreadyImported: 10 });
      expect(result.messages).toEqual({ created: 0, alreadyImported: 500 });
      expect(result.accounts.invited + result.accounts.joined).toBe(0);
    }
    expect(await snapshot(slugs)).toEqual(before);
  });
});

describe('a run that fails half way resumes', () => {
  const tag2 = randomBytes(4).toString('hex');
  const data = legacyExport({ tag: tag2, staffPerAdmin: 1, conversationsPerAdmin: 4, messages: 40 });
  const slugs = [`legacy-admin-${tag2}-0`, `legacy-admin-${tag2}-1`];
  let holder: string;

  beforeAll(async () => {
    // another organization already holds admin 1's Facebook Page
    [{ id: holder }] = (await sql<{ id: string }>(`insert into public.organizations (slug, name) values ($1, 'Holder') returning id`, [
      `legacy-holder-${tag2}`,
    ])) as [{ id: string }];
    created.orgs.push(holder);
    await sql(`insert into public.integrations (organization_id, platform, external_id, display_name) values ($1, 'facebook', $2, 'Held')`, [
      holder,
      data.integrations.find((i) => i._id === `int-${tag2}-1-fb`)!.oa_id,
    ]);
  });
  afterAll(async () => {
    await sql(`delete from public.organizations where slug = any($1)`, [slugs]);
  });

  test('the conflicting organization is rolled back whole, the other one lands; after the fix the run completes', { timeout: 60_000 }, async () => {
    // the dry run already names the conflict, and the page's holder
    const dry = await runImport(data, { databaseUrl: config.db.url, dryRun: true, map: new Map() });
    expect(dry.organizations.map((o) => o.status)).toEqual(['would import', 'conflict']);
    expect(formatReport(dry)).toContain(`admin admin-${tag2}-1: CONFLICT — facebook`);

    const first = await runImport(data, { databaseUrl: config.db.url, dryRun: false, map: new Map() });
    expect(first.ok).toBe(false);
    expect(formatReport(first)).toMatch(/NOT COMPLETE/);
    expect(imported(first, `admin-${tag2}-0`).result.messages.created).toBe(20);
    expect(first.organizations.find((o) => o.admin === `admin-${tag2}-1`)).toEqual({
      admin: `admin-${tag2}-1`,
      status: 'conflict',
      error: expect.stringContaining(`is connected by organization "legacy-holder-${tag2}"`),
    });
    expect(await sql(`select slug from public.organizations where slug = any($1)`, [slugs])).toEqual([{ slug: slugs[0] }]);
    const admin1Ids = [
      ...data.users.filter((u) => u.accountId.startsWith(`admin-${tag2}-1`) || u.parent_account_id === `admin-${tag2}-1`).map((u) => u.accountId),
      ...data.integrations.filter((i) => i._id.startsWith(`int-${tag2}-1-`)).map((i) => i._id),
      ...data.conversations.filter((c) => c._id.startsWith(`conv-${tag2}-1-`)).map((c) => c._id),
      ...data.messages.filter((m) => m.conversation_id.startsWith(`conv-${tag2}-1-`)).map((m) => m._id),
    ];
    expect(admin1Ids).toHaveLength(2 + 2 + 4 + 20);
    expect(await sql(`select count(*)::int as n from private.legacy_records where legacy_id = any($1)`, [admin1Ids])).toEqual([{ n: 0 }]);

    // the holder lets the page go; the same command picks up where it stopped
    await sql(`update public.integrations set status = 'disconnected', disconnected_at = now() where organization_id = $1`, [holder]);
    const second = await runImport(data, { databaseUrl: config.db.url, dryRun: false, map: new Map() });
    expect(second.ok).toBe(true);
    expect(imported(second, `admin-${tag2}-0`).result.messages).toEqual({ created: 0, alreadyImported: 20 });
    expect(imported(second, `admin-${tag2}-1`).result.messages).toEqual({ created: 20, alreadyImported: 0 });
    expect(imported(second, `admin-${tag2}-1`).verification!.every((v) => v.present === v.expected)).toBe(true);
  });

  test('a customer who writes again after the import continues the imported conversation', async () => {
    const conv = data.conversations.find((c) => c._id === `conv-${tag2}-1-0`)!;
    const [before] = await sql<{ id: string; organization_id: string }>(
      `select c.id, c.organization_id from private.legacy_records r
       join public.conversations c on c.organization_id = r.organization_id and c.id = r.record_id::uuid
       where r.kind = 'conversation' and r.legacy_id = $1`,
      [conv._id],
    );
    await sql(`select public.channel_receive('facebook', $1, $2)`, [
      conv.oa_id,
      JSON.stringify([{ kind: 'message', customer: conv.customer_id, mid: `m_${tag2}_again`, text: 'Me again' }]),
    ]);
    expect(
      await sql(`select conversation_id, organization_id from public.messages where body = 'Me again' and organization_id = $1`, [
        before!.organization_id,
      ]),
    ).toEqual([{ conversation_id: before!.id, organization_id: before!.organization_id }]);
  });

  test('--map imports an admin into an existing organization', { timeout: 60_000 }, async () => {
    const small = legacyExport({ tag: `${tag2}m`, admins: 1, staffPerAdmin: 0, conversationsPerAdmin: 2, messages: 4 });
    const report = await runImport(small, {
      databaseUrl: config.db.url,
      dryRun: false,
      map: new Map([[`admin-${tag2}m-0`, `legacy-holder-${tag2}`]]),
    });
    expect(imported(report, `admin-${tag2}m-0`).result.organization).toEqual({ id: holder, slug: `legacy-holder-${tag2}`, action: 'mapped' });
    expect(await sql(`select count(*)::int as n from public.conversations where organization_id = $1`, [holder])).toEqual([{ n: 2 }]);
  });
});
