import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { appUrl } from '../helpers/app';
import { callAction, sessionCookie } from '../helpers/actions';
import { sql } from '../helpers/stack';
import { startSession } from '../helpers/widget';

// pages and actions of the app under a loaded machine
vi.setConfig({ testTimeout: 300_000 });

/**
 * Scenario 8 of the reliability battery (README "Data lifecycle"): one organization's data as a zip
 * (the Settings download and `npm run org:export`), one visitor erased (`npm run
 * org:erase-visitor`), a whole organization deleted (the owner's Settings action and `npm run
 * org:delete`), after which no row of any table carries its id. pgTAP 37 proves the same from
 * inside the database, with every other organization's rows unchanged.
 */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const cli = (...args: string[]) => run(path.join(root, 'node_modules/.bin/tsx'), ['scripts/org.ts', ...args], { cwd: root, env: process.env });

interface Org {
  id: string;
  slug: string;
  owner: string;
  agent: string;
  websiteId: string;
  visitorId: string;
}

/** An organization of this file's own with an owner, an agent, a website and one visitor's chat. */
async function makeOrg(): Promise<Org> {
  const tag = randomUUID().slice(0, 8);
  const slug = `life-${tag}`;
  const owner = `user_life_owner_${tag}`;
  const agent = `user_life_agent_${tag}`;
  const [org] = await sql<{ id: string }>("insert into public.organizations (slug, name, ticket_prefix) values ($1, $2, 'LIF') returning id", [
    slug,
    `Life ${tag}`,
  ]);
  for (const [user, role] of [
    [owner, 'owner'],
    [agent, 'agent'],
  ]) {
    await sql('insert into public.users (id, email) values ($1, $2)', [user, `${user}@life.example`]);
    await sql('insert into public.organization_members (organization_id, user_id, role) values ($1, $2, $3)', [org!.id, user, role]);
  }
  const origin = `https://${tag}.life.example`;
  const [site] = await sql<{ id: string; public_key: string }>(
    'insert into public.websites (organization_id, domain, name, allowed_origins) values ($1, $2, $3, $4) returning id, public_key',
    [org!.id, `${tag}.life.example`, `Life ${tag}`, [origin]],
  );
  const session = await startSession(site!.public_key, origin);
  await sql(
    "insert into public.messages (organization_id, conversation_id, sender_type, body) values ($1, $2, 'visitor', 'my phone is +1 555 0100'), ($1, $2, 'agent', 'Thanks, we will call you')",
    [org!.id, session.conversation_id],
  );
  await sql("update public.visitors set email = 'visitor@life.example', name = 'Vera Visitor' where id = $1", [session.visitor_id]);
  return { id: org!.id, slug, owner, agent, websiteId: site!.id, visitorId: session.visitor_id };
}

/** Rows of every table in public and private carrying one of ids (uuid, uuid[], text and jsonb columns), from the catalog. */
async function rowsCarrying(ids: string[]): Promise<number> {
  const columns = await sql<{ nspname: string; relname: string; attname: string; type: string }>(
    `select n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod) as type
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where c.relkind in ('r', 'p') and n.nspname in ('public', 'private')
        and format_type(a.atttypid, a.atttypmod) in ('uuid', 'uuid[]', 'text', 'jsonb')`,
  );
  const parts = columns.map(({ nspname, relname, attname, type }) => {
    const t = `"${nspname}"."${relname}"`;
    const c = `"${attname}"`;
    if (type === 'uuid') return `(select count(*) from ${t} where ${c} = any($1::uuid[]))`;
    if (type === 'uuid[]') return `(select count(*) from ${t} where ${c} && $1::uuid[])`;
    return `(select count(*) from ${t} x where exists (select 1 from unnest($1::text[]) i where strpos(x.${c}::text, i) > 0))`;
  });
  const [row] = await sql<{ n: string }>(`select (${parts.join(' + ')})::text as n`, [ids]);
  return Number(row!.n);
}

let app: string;
beforeAll(async () => {
  app = await appUrl();
});

describe('export', () => {
  it('an admin downloads a zip of JSON per table, of the organization’s rows only, without credentials', async () => {
    const org = await makeOrg();
    const res = await fetch(`${app}/dashboard/${org.slug}/settings/export`, { headers: { cookie: await sessionCookie(org.owner) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`attachment; filename="${org.slug}-export-\\d{4}-\\d{2}-\\d{2}\\.zip"`));
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    for (const name of ['organizations.json', 'conversations.json', 'messages.json', 'visitors.json', 'websites.json', 'users.json', 'README.txt']) {
      expect(Object.keys(files)).toContain(name);
    }
    const table = (name: string) => JSON.parse(strFromU8(files[name]!)) as Record<string, unknown>[];
    expect(table('organizations.json').map((o) => o.id)).toEqual([org.id]);
    expect(table('messages.json').map((m) => m.body)).toContain('my phone is +1 555 0100');
    for (const [name, data] of Object.entries(files)) {
      if (!name.endsWith('.json') || ['organizations.json', 'users.json'].includes(name)) continue;
      for (const row of JSON.parse(strFromU8(data)) as Record<string, unknown>[]) expect(row.organization_id, name).toBe(org.id);
    }
    const all = Object.values(files)
      .map((f) => strFromU8(f))
      .join('\n');
    expect(all).not.toMatch(/"(key_hash|identity_secret|token_hash|access_token|refresh_token)"/);
  });

  it('an agent is refused with 403 in the error shape', async () => {
    const org = await makeOrg();
    const res = await fetch(`${app}/dashboard/${org.slug}/settings/export`, { headers: { cookie: await sessionCookie(org.agent) } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
  });

  it('npm run org:export writes the same tables', async () => {
    const org = await makeOrg();
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'org-export-')), 'export.zip');
    const { stdout } = await cli('export', org.slug, '--out', out);
    expect(stdout).toMatch(new RegExp(`tables, \\d+ rows of ${org.slug}`));
    const files = unzipSync(readFileSync(out));
    expect(JSON.parse(strFromU8(files['visitors.json']!))).toHaveLength(1);
  });
});

describe('erasing one visitor', () => {
  it('npm run org:erase-visitor removes their words, name and email; the conversation and the reply stay', async () => {
    const org = await makeOrg();
    const { stdout } = await cli('erase-visitor', org.visitorId);
    expect(JSON.parse(stdout)).toMatchObject({ visitor_id: org.visitorId, conversations: 1, messages_erased: 1 });
    expect(await rowsCarrying([org.visitorId])).toBe(0);
    const bodies = await sql<{ sender_type: string; body: string }>(
      'select sender_type, body from public.messages where organization_id = $1 order by created_at',
      [org.id],
    );
    expect(bodies.filter((m) => m.sender_type === 'visitor').map((m) => m.body)).toEqual(["[erased at the visitor's request]"]);
    expect(bodies.map((m) => m.body)).toContain('Thanks, we will call you');
    const [left] = await sql<{ n: string }>(
      "select count(*)::text as n from public.visitors where email = 'visitor@life.example' and organization_id = $1",
      [org.id],
    );
    expect(left!.n).toBe('0');
  });
});

describe('deleting an organization', () => {
  it('the owner’s Settings action deletes it: no row of any table carries its id or its website’s', async () => {
    const org = await makeOrg();
    expect(await rowsCarrying([org.id, org.websiteId])).toBeGreaterThan(5);
    const call = {
      page: `/dashboard/${org.slug}/settings`,
      file: 'lib/dashboard/actions/organization-lifecycle.ts',
      name: 'deleteOrganization',
      fields: { orgSlug: org.slug, confirmSlug: org.slug },
    };
    const refused = await callAction(app, { ...call, cookie: await sessionCookie(org.agent) });
    expect(refused.result).toMatchObject({ status: 'error', message: 'Only the owner can delete the organization.' });
    const res = await callAction(app, { ...call, cookie: await sessionCookie(org.owner) });
    expect(res.redirect).toBe('/dashboard');
    expect(await rowsCarrying([org.id, org.websiteId])).toBe(0);
  });

  it('npm run org:delete asks for the slug, then deletes everything carrying the id', async () => {
    const org = await makeOrg();
    await expect(cli('delete', org.slug)).rejects.toMatchObject({ stderr: expect.stringContaining(`--confirm ${org.slug}`) });
    expect(await rowsCarrying([org.id])).toBeGreaterThan(0);
    await cli('delete', org.id, '--confirm', org.slug);
    expect(await rowsCarrying([org.id, org.websiteId])).toBe(0);
  });
});
