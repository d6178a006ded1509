import { afterAll, describe, expect, it } from 'vitest';
import { createApiKey, ingest, uniq } from '../helpers/ingest';
import { ACME, GLOBEX } from '../helpers/seed';
import { sql } from '../helpers/stack';

/**
 * `article` items of the ingest API: create or update an article of the key's organization by
 * slug (a sync from another help center). Sending the same article again changes nothing, even
 * under a new idempotency key; the fields are validated in the function and again in SQL.
 */
const slugOf = () => `sync-${uniq('a').slice(2, 20)}`.replace(/[^a-z0-9-]/g, '').replace(/-+$/, '');

async function articleRow(org: string, slug: string) {
  const rows = await sql<{
    id: string;
    title: string;
    body: string;
    collection: string | null;
    tags: string[];
    language: string;
    is_published: boolean;
    published_at: Date | null;
    created_by: string | null;
    updated_at: Date;
  }>(`select * from public.articles where organization_id = $1 and slug = $2`, [org, slug]);
  return rows[0];
}

describe('ingest article items', () => {
  // the articles these tests create are theirs alone (slugs starting sync-); published ones
  // would otherwise feed the demo organizations' assistant
  afterAll(async () => {
    await sql(`delete from public.articles where slug like 'sync-%' and organization_id = any($1::uuid[])`, [[ACME.id, GLOBEX.id]]);
  });

  it('creates an article by slug, updates it, and a repeat of the same content changes nothing', async () => {
    const { key } = await createApiKey('user_acme_admin', { id: ACME.id, slug: ACME.slug }, ['ingest:write']);
    const slug = slugOf();
    const item = { type: 'article', slug, title: 'Synced article', body: 'Synced **body**.', collection: 'Imported', tags: ['sync'] };

    const created = await ingest(key, [{ ...item, idempotency_key: uniq('art') }]);
    expect(created.status).toBe(200);
    expect(created.body.results[0]).toMatchObject({ status: 'created' });
    const row = await articleRow(ACME.id, slug);
    expect(row).toMatchObject({ title: 'Synced article', collection: 'Imported', tags: ['sync'], language: 'en', is_published: false });
    expect(row!.created_by).toBeNull();
    expect(created.body.results[0]!.id).toBe(row!.id);

    // the same article under a new key (the next sync run): nothing changes, no version is kept
    const again = await ingest(key, [{ ...item, idempotency_key: uniq('art') }]);
    expect(again.body.results[0]).toMatchObject({ status: 'duplicate', id: row!.id });
    expect((await articleRow(ACME.id, slug))!.updated_at).toEqual(row!.updated_at);

    // an update: given fields replace, absent ones stay; API keys may publish
    const updated = await ingest(key, [
      { type: 'article', idempotency_key: uniq('art'), slug, title: 'Synced article', body: 'New body.', is_published: true },
    ]);
    expect(updated.body.results[0]).toMatchObject({ status: 'updated', id: row!.id });
    const after = await articleRow(ACME.id, slug);
    expect(after).toMatchObject({ body: 'New body.', collection: 'Imported', tags: ['sync'], is_published: true });
    expect(after!.published_at).not.toBeNull();
    const versions = await sql<{ version: number; body: string }>(
      `select version, body from public.article_versions where article_id = $1 order by version`,
      [row!.id],
    );
    expect(versions).toEqual([{ version: 1, body: 'Synced **body**.' }]);
  });

  it("stays in the key's organization: a Globex key with a slug Acme uses creates a Globex article", async () => {
    const acmeKey = (await createApiKey('user_acme_admin', { id: ACME.id, slug: ACME.slug }, ['ingest:write'])).key;
    const globexKey = (await createApiKey('user_globex_owner', { id: GLOBEX.id, slug: GLOBEX.slug }, ['ingest:write'])).key;
    const slug = slugOf();
    await ingest(acmeKey, [{ type: 'article', idempotency_key: uniq('art'), slug, title: 'Acme original', body: 'Acme body.' }]);
    const before = await articleRow(ACME.id, slug);
    const res = await ingest(globexKey, [{ type: 'article', idempotency_key: uniq('art'), slug, title: 'Globex copy', body: 'Globex body.' }]);
    expect(res.body.results[0]).toMatchObject({ status: 'created' });
    expect(await articleRow(ACME.id, slug)).toEqual(before);
    expect((await articleRow(GLOBEX.id, slug))!.title).toBe('Globex copy');
  });

  it('refuses bad article items one by one, in the function and in SQL', async () => {
    const { key } = await createApiKey('user_acme_admin', { id: ACME.id, slug: ACME.slug }, ['ingest:write']);
    const res = await ingest(key, [
      { type: 'article', idempotency_key: uniq('art'), slug: 'Bad Slug', title: 'x', body: 'y' },
      { type: 'article', idempotency_key: uniq('art'), slug: slugOf(), title: 'x', body: 'y', language: 'xx' },
      { type: 'article', idempotency_key: uniq('art'), slug: slugOf(), title: ' ', body: 'y' },
      { type: 'article', idempotency_key: uniq('art'), slug: slugOf(), title: 'x', body: 'y', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      { type: 'article', idempotency_key: uniq('art'), slug: slugOf(), title: 'x' },
    ]);
    expect(res.status).toBe(207);
    expect(res.body.failed).toBe(5);
    expect(res.body.results.map((r) => r.error?.code)).toEqual(Array(5).fill('invalid_item'));
    expect(res.body.results[0]!.error!.message).toMatch(/^slug: /);
    expect(res.body.results[1]!.error!.message).toMatch(/^language: /);
  });

  it('checks the same rules in SQL when the function is bypassed', async () => {
    const { key } = await createApiKey('user_acme_admin', { id: ACME.id, slug: ACME.slug }, ['ingest:write']);
    const rows = await sql<{ r: { results: { status: string; error?: { code: string; message: string } }[] } }>(
      `select public.ingest_batch($1, $2::jsonb) as r`,
      [
        key,
        JSON.stringify([
          { type: 'article', idempotency_key: uniq('art'), slug: 'Bad Slug', title: 'x', body: 'y' },
          { type: 'article', idempotency_key: uniq('art'), slug: slugOf(), title: 'x', body: 'y', language: 'xx' },
          { type: 'article', idempotency_key: uniq('art'), slug: slugOf(), title: 'x', body: 'y', tags: [1] },
          { type: 'article', idempotency_key: uniq('art'), slug: slugOf(), title: 'x' },
        ]),
      ],
    );
    expect(rows[0]!.r.results.map((r) => [r.status, r.error?.code])).toEqual(Array(4).fill(['error', 'invalid_item']));
    expect(rows[0]!.r.results.map((r) => r.error?.message)).toEqual([
      'slug must be lower-case letters, digits and dashes (1 to 120)',
      'language must be one of en, vi, fr, es, de',
      'tags must be an array of at most 20 strings of 1 to 40 characters',
      'body is required',
    ]);
  });
});
