import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACME, USERS } from '../helpers/seed';
import { config, sql, userClient } from '../helpers/stack';

/**
 * Organization settings are saved by two forms (Settings and Analytics → Conversions), each
 * writing its own keys of organizations.settings. The server actions run as they run in the app;
 * only the request context is stubbed: the signed-in user's client, as resolveOrgContext builds it.
 */
const stub = vi.hoisted(() => ({ ctx: null as unknown }));
vi.mock('server-only', () => ({}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));
vi.mock('@/lib/dashboard/context', () => ({ resolveOrgContext: async () => stub.ctx }));

const { saveSettings } = await import('@/lib/dashboard/actions/settings');
const { saveConversionsAction } = await import('@/lib/dashboard/actions/analytics');
const { updateOrganization } = await import('@/lib/data/organizations');

const org = { id: ACME.id, slug: ACME.slug, name: 'Acme' };
let saved: { name: string; settings: unknown };

beforeAll(async () => {
  saved = (await sql<{ name: string; settings: unknown }>('select name, settings from public.organizations where id = $1', [ACME.id]))[0]!;
  org.name = saved.name;
});
afterAll(async () => {
  await sql('update public.organizations set name = $2, settings = $3 where id = $1', [ACME.id, saved.name, saved.settings]);
});

async function actAs(userId: string, role: string) {
  const supabase = await userClient(userId, { id: org.id, slug: org.slug, role });
  stub.ctx = { org, supabase, role, user: { userId } };
  return supabase;
}

function form(fields: Record<string, string>) {
  const data = new FormData();
  data.set('orgSlug', org.slug);
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

const settingsNow = async () =>
  (await sql<{ settings: Record<string, unknown> }>('select settings from public.organizations where id = $1', [ACME.id]))[0]!.settings;

describe('organization settings', () => {
  it('two concurrent saves of different keys both survive', async () => {
    await actAs(USERS.acmeOwner, 'owner');
    await sql("update public.organizations set settings = settings - 'conversions' - 'greeting' where id = $1", [ACME.id]);
    // hold the row lock so both saves are in flight at once: a read-modify-write save reads the
    // old settings now and, once the lock goes, writes them back over the other save's keys
    const lock = new pg.Client({ connectionString: config.db.url });
    await lock.connect();
    try {
      await lock.query('begin');
      await lock.query('select 1 from public.organizations where id = $1 for update', [ACME.id]);
      const settingsSave = saveSettings(
        { status: 'idle' },
        form({ name: org.name, assistantName: 'Ada', greeting: 'Hello from the concurrent save', escalationThreshold: '0.4' }),
      );
      const conversionsSave = saveConversionsAction({ status: 'idle' }, form({ conversions: 'Signup: visit -> signup' }));
      await new Promise((resolve) => setTimeout(resolve, 750));
      await lock.query('commit');
      const results = await Promise.all([settingsSave, conversionsSave]);
      expect(results.map((r) => r.status)).toEqual(['success', 'success']);
    } finally {
      await lock.end();
    }
    const settings = await settingsNow();
    expect(settings.greeting).toBe('Hello from the concurrent save');
    expect(settings.assistant_name).toBe('Ada');
    expect(settings.conversions).toEqual([{ name: 'Signup', from: 'visit', to: 'signup' }]);
  });

  it('a save keeps the keys it does not name', async () => {
    await actAs(USERS.acmeOwner, 'owner');
    await sql(`update public.organizations set settings = settings || '{"greeting": "Kept"}' where id = $1`, [ACME.id]);
    expect((await saveConversionsAction({ status: 'idle' }, form({ conversions: '' }))).status).toBe('success');
    const settings = await settingsNow();
    expect(settings.greeting).toBe('Kept');
    expect(settings.conversions).toEqual([]);
  });

  it('the database refuses keys the dashboard does not edit', async () => {
    const supabase = await actAs(USERS.acmeOwner, 'owner');
    const before = await settingsNow();
    await expect(updateOrganization(supabase, { id: ACME.id, settings: { default_org: true } as never })).rejects.toMatchObject({ code: '22023' });
    expect(await settingsNow()).toEqual(before);
  });

  it('an agent changes nothing', async () => {
    const supabase = await actAs(USERS.acmeAgent, 'agent');
    expect(await updateOrganization(supabase, { id: ACME.id, settings: { greeting: 'Agent was here' } })).toBe(0);
    expect((await settingsNow()).greeting).not.toBe('Agent was here');
  });
});
