import { afterAll, describe, expect, it } from 'vitest';
import { createWebsite } from '@/lib/data/websites';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { anonClient, sql, userClient } from '../helpers/stack';

/**
 * Widget keys through the real gateway → PostgREST path: the dashboard's insert gets a key the
 * database issued, and once a website is removed nobody (another organization's admin included)
 * can take its key over and receive the visitors of pages that still embed it.
 */
const acmeAdmin = () => userClient(USERS.acmeOwner, { id: ACME.id, slug: ACME.slug, role: 'owner' });
const globexAdmin = () => userClient(USERS.globexOwner, { id: GLOBEX.id, slug: GLOBEX.slug, role: 'owner' });
const domains = [`keys-${Date.now()}.acme.com`, `keys-${Date.now()}.globex.com`] as const;

afterAll(async () => {
  await sql('delete from public.websites where domain = any($1)', [domains]);
});

describe('website keys', () => {
  it("an Acme admin's removed website key cannot be taken over by Globex's admin", async () => {
    const acme = await acmeAdmin();
    const created = await createWebsite(acme, {
      organizationId: ACME.id,
      name: 'Campaign site',
      domain: domains[0],
      allowedOrigins: [`https://${domains[0]}`],
    });
    expect(created.public_key).toMatch(/^wk_[0-9a-f]{32}$/);
    const { data: removed } = await acme.from('websites').delete().eq('id', created.id).select('id').throwOnError();
    expect(removed).toHaveLength(1);

    const globex = await globexAdmin();
    const takeover = await globex
      .from('websites')
      .insert({
        organization_id: GLOBEX.id,
        name: 'Not the campaign',
        domain: domains[1],
        public_key: created.public_key,
        allowed_origins: [`https://${domains[0]}`],
      })
      .select('id');
    expect(takeover.error?.code).toBe('42501');
    const rekey = await globex.from('websites').update({ public_key: created.public_key }).eq('id', GLOBEX.websites.main).select('id');
    expect(rekey.error?.code).toBe('42501');

    const visitor = await anonClient().rpc('widget_start_session', { p_website_key: created.public_key, p_origin: `https://${domains[0]}` });
    expect(visitor.error?.code).toBe('P0002');
    const [row] = await sql<{ n: number }>('select count(*)::int as n from public.websites where public_key = $1', [created.public_key]);
    expect(row?.n).toBe(0);
  });

  it('an admin cannot choose a key for a new website, and gets an issued one without', async () => {
    const globex = await globexAdmin();
    const chosen = await globex
      .from('websites')
      .insert({ organization_id: GLOBEX.id, name: 'Chosen key', domain: domains[1], public_key: 'wk_i_picked_this_one' })
      .select('id');
    expect(chosen.error?.code).toBe('42501');
    const issued = await createWebsite(globex, { organizationId: GLOBEX.id, name: 'Issued key', domain: domains[1], allowedOrigins: [] });
    expect(issued.public_key).toMatch(/^wk_[0-9a-f]{32}$/);
  });
});
