import { describe, expect, it } from 'vitest';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { anonClient, sql, userClient } from '../helpers/stack';

/** Tenant isolation through the real gateway → PostgREST → Postgres path, with Clerk-shaped tokens. */
const TENANT_TABLES = ['websites', 'visitors', 'conversations', 'messages', 'tickets', 'articles', 'invitations'] as const;

const acmeAgent = () => userClient(USERS.acmeAgent, { id: ACME.id, slug: ACME.slug, role: 'agent' });

async function countRows(table: string, orgId: string) {
  const [row] = await sql<{ n: number }>(`select count(*)::int as n from public.${table} where organization_id = $1`, [orgId]);
  return row?.n ?? 0;
}

describe('a member of Acme', () => {
  for (const table of TENANT_TABLES) {
    it(`reads exactly Acme's ${table}, with no organization filter in the query`, async () => {
      const client = await acmeAgent();
      const { data, error } = await client.from(table).select('organization_id');
      expect(error).toBeNull();
      expect(data?.length).toBe(await countRows(table, ACME.id));
      expect(new Set(data?.map((r) => r.organization_id))).not.toContain(GLOBEX.id);
    });
  }

  it("gets nothing when it filters on Globex's organization explicitly", async () => {
    const client = await acmeAgent();
    const { data, error, status } = await client.from('tickets').select('id').eq('organization_id', GLOBEX.id);
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([]);
    expect(await countRows('tickets', GLOBEX.id)).toBeGreaterThan(0);
  });

  it('cannot insert a ticket into Globex', async () => {
    const before = await countRows('tickets', GLOBEX.id);
    const [conversation] = await sql<{ id: string }>(`select id from public.conversations where organization_id = $1 limit 1`, [GLOBEX.id]);
    const client = await acmeAgent();
    const { error } = await client.from('tickets').insert({
      organization_id: GLOBEX.id,
      conversation_id: conversation!.id,
      customer_email: 'mallory@evil.example',
      subject: 'planted',
      original_query: 'planted',
    });
    expect(error?.code).toBe('42501');
    expect(await countRows('tickets', GLOBEX.id)).toBe(before);
  });

  it("cannot update or delete Globex's rows (zero rows touched)", async () => {
    const client = await acmeAgent();
    const [before] = await sql<{ sig: string }>(
      `select md5(string_agg(t::text, ',' order by id)) as sig from public.tickets t where organization_id = $1`,
      [GLOBEX.id],
    );
    const upd = await client.from('tickets').update({ status: 'closed' }).eq('organization_id', GLOBEX.id).select('id');
    expect(upd.error).toBeNull();
    expect(upd.status).toBe(200);
    expect(upd.data).toEqual([]);
    const del = await client.from('messages').delete().eq('organization_id', GLOBEX.id).select('id');
    expect(del.error).toBeNull();
    expect(del.status).toBe(200);
    expect(del.data).toEqual([]);
    const [after] = await sql<{ sig: string }>(
      `select md5(string_agg(t::text, ',' order by id)) as sig from public.tickets t where organization_id = $1`,
      [GLOBEX.id],
    );
    expect(after?.sig).toBe(before?.sig);
    expect(await countRows('messages', GLOBEX.id)).toBeGreaterThan(0);
  });

  it('cannot claim Globex as its active organization in the token', async () => {
    const client = await userClient(USERS.acmeAgent, { id: GLOBEX.id, slug: GLOBEX.slug, role: 'admin' });
    const { data, error, status } = await client.from('tickets').select('id');
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([]);
  });

  it('as a viewer, can read but not write', async () => {
    const client = await userClient(USERS.acmeViewer, { id: ACME.id, slug: ACME.slug });
    const read = await client.from('tickets').select('id');
    expect(read.data?.length).toBeGreaterThan(0);
    const { data, error, status } = await client.from('tickets').update({ priority: 'urgent' }).eq('organization_id', ACME.id).select('id');
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([]);
  });
});

describe('a user in both organizations', () => {
  it('sees only the active organization of its token, and each one when it switches', async () => {
    const inAcme = await userClient(USERS.consultant, { id: ACME.id, slug: ACME.slug });
    const inGlobex = await userClient(USERS.consultant, { id: GLOBEX.id, slug: GLOBEX.slug });
    const a = await inAcme.from('tickets').select('organization_id');
    const g = await inGlobex.from('tickets').select('organization_id');
    expect(new Set(a.data?.map((r) => r.organization_id))).toEqual(new Set([ACME.id]));
    expect(new Set(g.data?.map((r) => r.organization_id))).toEqual(new Set([GLOBEX.id]));
  });

  it('lists both organizations for the switcher', async () => {
    const client = await userClient(USERS.consultant);
    const { data } = await client.from('organizations').select('slug').order('slug');
    expect(data?.map((o) => o.slug)).toEqual(['acme', 'globex']);
  });
});

describe('outsiders', () => {
  it('an authenticated user with no membership sees no tenant rows', async () => {
    const client = await userClient(USERS.nobody, { id: ACME.id, slug: ACME.slug });
    for (const table of TENANT_TABLES) {
      // allowed to ask (200), and shown nothing: an error would also come back without rows
      const { data, status } = await client.from(table).select('id');
      expect(status, table).toBe(200);
      expect(data, table).toEqual([]);
    }
  });

  it('anon sees no tenant rows and cannot write', async () => {
    const client = anonClient();
    for (const table of [...TENANT_TABLES, 'organizations', 'organization_members', 'users'] as const) {
      // anon holds no privilege on them at all: refused (401, 42501), not an empty list
      const { data, error, status } = await client.from(table).select('*');
      expect(status, table).toBe(401);
      expect(error?.code, table).toBe('42501');
      expect(data, table).toBeNull();
    }
    const before = await countRows('articles', ACME.id);
    const { error } = await client.from('articles').insert({ organization_id: ACME.id, title: 'spam', slug: 'spam', body: 'spam' });
    expect(error).not.toBeNull();
    expect(await countRows('articles', ACME.id)).toBe(before);
  });
});
