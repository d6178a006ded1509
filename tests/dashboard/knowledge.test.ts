import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACME, USERS } from '../helpers/seed';
import { sql, userClient } from '../helpers/stack';

/**
 * The knowledge base's server actions as they run in the app, with the signed-in member's own
 * client (only the request context is stubbed): drafts, the publishing rule the database holds
 * (agents refused unless the organization allows them), restore, and the import's per-file results.
 */
const stub = vi.hoisted(() => ({ ctx: null as unknown }));
vi.mock('server-only', () => ({}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));
vi.mock('@/lib/dashboard/context', () => ({ resolveOrgContext: async () => stub.ctx }));
class Redirect extends Error {}
vi.mock('next/navigation', () => ({
  redirect: (url: string) => {
    throw new Redirect(url);
  },
}));

const actions = await import('@/lib/dashboard/actions/articles');
const { permissionsOf } = await import('@/lib/dashboard/roles');

const org = { id: ACME.id, slug: ACME.slug, name: 'Acme', settings: {} };
const prefix = `kbtest-${Date.now().toString(36)}`;
let savedSettings: unknown;

beforeAll(async () => {
  savedSettings = (await sql<{ settings: unknown }>('select settings from public.organizations where id = $1', [ACME.id]))[0]!.settings;
});
afterAll(async () => {
  await sql('update public.organizations set settings = $2 where id = $1', [ACME.id, savedSettings]);
  await sql(`delete from public.articles where organization_id = $1 and slug like $2`, [ACME.id, `${prefix}%`]);
});

async function actAs(userId: string, role: 'owner' | 'admin' | 'agent' | 'viewer') {
  const supabase = await userClient(userId, { id: org.id, slug: org.slug, role });
  stub.ctx = { org, supabase, role, can: permissionsOf(role), user: { userId } };
}

function form(fields: Record<string, string | string[] | File[]>) {
  const data = new FormData();
  data.set('orgSlug', org.slug);
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  }
  return data;
}

const idle = { status: 'idle' as const };
const articleBySlug = async (slug: string) =>
  (
    await sql<{ id: string; title: string; body: string; is_published: boolean; created_by: string; updated_by: string }>(
      'select * from public.articles where organization_id = $1 and slug = $2',
      [ACME.id, slug],
    )
  )[0];

async function createDraft(slug: string, title = 'Gift cards') {
  const error = await actions
    .saveArticle(idle, form({ title, slug, body: 'Gift cards never expire.', collection: 'Billing', tags: 'billing, gifts', language: 'en' }))
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Redirect);
  const row = await articleBySlug(slug);
  expect((error as Error).message).toBe(`/dashboard/acme/knowledge/${row!.id}?saved=1`);
  return row!;
}

describe('knowledge base actions', () => {
  it('an agent creates a draft and saves it; each save keeps a version, authors come from the database', async () => {
    await actAs(USERS.acmeAgent, 'agent');
    const slug = `${prefix}-gift`;
    const draft = await createDraft(slug);
    expect(draft).toMatchObject({ is_published: false, created_by: USERS.acmeAgent, updated_by: USERS.acmeAgent });

    const saved = await actions.saveArticle(
      idle,
      form({ id: draft.id, title: 'Gift cards', slug, body: 'Gift cards expire after 5 years.', collection: '', tags: '', language: 'en' }),
    );
    expect(saved).toMatchObject({ status: 'success' });
    const versions = await sql<{ version: number; body: string }>('select version, body from public.article_versions where article_id = $1', [
      draft.id,
    ]);
    expect(versions).toEqual([{ version: 1, body: 'Gift cards never expire.' }]);

    const restored = await actions.restoreArticleVersion(idle, form({ id: draft.id, version: '1' })).catch((e: unknown) => e);
    expect((restored as Error).message).toBe(`/dashboard/acme/knowledge/${draft.id}?restored=1`);
    expect((await articleBySlug(slug))!.body).toBe('Gift cards never expire.');
    const after = await sql<{ version: number }>('select version from public.article_versions where article_id = $1 order by version', [draft.id]);
    expect(after.map((v) => v.version)).toEqual([1, 2]);
  });

  it('refuses a bad slug and an empty title as field errors', async () => {
    await actAs(USERS.acmeAgent, 'agent');
    const result = await actions.saveArticle(idle, form({ title: ' ', slug: 'Bad Slug', body: '', collection: '', tags: '', language: 'en' }));
    expect(result.status).toBe('error');
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(['slug', 'title']);
  });

  it('publishing: refused to agents, allowed to admins, and to agents once an admin allows it', async () => {
    await actAs(USERS.acmeAgent, 'agent');
    const draft = await createDraft(`${prefix}-publish`);
    const refused = await actions.setArticlePublished(idle, form({ id: draft.id, published: 'true' }));
    expect(refused).toMatchObject({ status: 'error', message: 'Your role in this organization does not allow this change.' });
    expect((await actions.saveAgentsPublish(idle, form({ agentsPublish: 'on' }))).status).toBe('error');

    await actAs('user_acme_admin', 'admin');
    expect(await actions.setArticlePublished(idle, form({ id: draft.id, published: 'true' }))).toMatchObject({ status: 'success' });
    expect((await articleBySlug(`${prefix}-publish`))!.is_published).toBe(true);
    expect(await actions.saveAgentsPublish(idle, form({ agentsPublish: 'on' }))).toMatchObject({ status: 'success' });

    await actAs(USERS.acmeAgent, 'agent');
    expect(await actions.setArticlePublished(idle, form({ id: draft.id, published: 'false' }))).toMatchObject({ status: 'success' });
    await actAs('user_acme_admin', 'admin');
    expect(await actions.saveAgentsPublish(idle, form({ agentsPublish: 'off' }))).toMatchObject({ status: 'success' });
  });

  it('a viewer cannot create an article', async () => {
    await actAs(USERS.acmeViewer, 'viewer');
    const result = await actions.saveArticle(
      idle,
      form({ title: 'Nope', slug: `${prefix}-viewer`, body: 'x', collection: '', tags: '', language: 'en' }),
    );
    expect(result.status).toBe('error');
    expect(await articleBySlug(`${prefix}-viewer`)).toBeUndefined();
  });

  it('imports several files at once: creates drafts, updates by slug, and reports each file', async () => {
    await actAs(USERS.acmeAgent, 'agent');
    const existing = await createDraft(`${prefix}-existing`, 'Old title');
    const files = [
      new File([`---\ntitle: Imported one\nslug: ${prefix}-one\ncollection: Imported\ntags: [a, b]\n---\nBody one.`], 'one.md'),
      new File(
        [`---\nslug: ${prefix}-two\n---\n<html><head><title>Imported two</title></head><body><h2>Two</h2><p>Body two.</p></body></html>`],
        'two.html',
      ),
      new File([`---\nslug: ${prefix}-existing\ntitle: New title\n---\nUpdated body.`], 'existing.md'),
      new File(['plain text'], 'notes.txt'),
      new File([`---\nslug: ${prefix}-one\n---\nsame slug again`], 'dup.md'),
    ];
    const result = (await actions.importArticles(idle, form({ files }))) as {
      status: string;
      message: string;
      results: { file: string; status: string; message?: string }[];
    };
    expect(result.status).toBe('success');
    expect(result.message).toBe('2 created, 1 updated, 2 failed.');
    expect(result.results.map((r) => [r.file, r.status])).toEqual([
      ['one.md', 'created'],
      ['two.html', 'created'],
      ['existing.md', 'updated'],
      ['notes.txt', 'error'],
      ['dup.md', 'error'],
    ]);
    expect(await articleBySlug(`${prefix}-one`)).toMatchObject({ title: 'Imported one', body: 'Body one.', is_published: false });
    expect(await articleBySlug(`${prefix}-two`)).toMatchObject({ title: 'Imported two', body: '## Two\n\nBody two.' });
    expect(await articleBySlug(`${prefix}-existing`)).toMatchObject({ id: existing.id, title: 'New title', body: 'Updated body.' });
  });
});
