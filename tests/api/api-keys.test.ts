import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiKey, ingest, ingestUrl, uniq } from '../helpers/ingest';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { config, sql, userClient } from '../helpers/stack';

/**
 * An organization API key's life, through the same calls the dashboard and an external system
 * make: created once by an admin, used, limited by its scopes, revoked (refused at once), and
 * never able to reach another organization. Keys never appear in the stack's logs.
 */
const acme = { id: ACME.id, slug: ACME.slug };
const globex = { id: GLOBEX.id, slug: GLOBEX.slug };
const issued: string[] = [];

async function newKey(adminId: string, org: { id: string; slug: string }, scopes: string[]) {
  const created = await createApiKey(adminId, org, scopes);
  issued.push(created.key);
  return created;
}

describe('API keys', () => {
  it('an admin creates a key that is shown once, listed by prefix, and stored only as a hash', async () => {
    const created = await newKey('user_acme_admin', acme, ['ingest:write']);
    expect(created.key).toMatch(/^ck_live_[0-9a-f]{48}$/);
    expect(created.prefix).toBe(created.key.slice(0, 16));

    const admin = await userClient('user_acme_admin', acme);
    const { data: listed } = await admin.from('api_keys').select('id, name, prefix, scopes, last_used_at, revoked_at').eq('id', created.id);
    expect(listed).toEqual([
      { id: created.id, name: created.name, prefix: created.prefix, scopes: ['ingest:write'], last_used_at: null, revoked_at: null },
    ]);
    const { error: hashError } = await admin.from('api_keys').select('key_hash');
    expect(hashError?.code).toBe('42501');

    const [row] = await sql<{ stored: string }>('select row_to_json(k)::text as stored from public.api_keys k where id = $1', [created.id]);
    expect(row?.stored).not.toContain(created.key.slice(8));
  });

  it('agents and viewers can neither create nor list keys', async () => {
    await newKey('user_acme_admin', acme, ['read']);
    for (const userId of [USERS.acmeAgent, USERS.acmeViewer]) {
      const client = await userClient(userId, acme);
      const { error } = await client.rpc('create_api_key', { p_name: 'nope', p_scopes: ['read'] });
      expect(error?.code, userId).toBe('42501');
      const { data, status } = await client.from('api_keys').select('id');
      expect(status, userId).toBe(200);
      expect(data, userId).toEqual([]);
    }
  });

  it('a key works, records its use, and a revoked key gets 401 at once', async () => {
    const { id, key } = await newKey('user_acme_admin', acme, ['ingest:write']);
    const first = await ingest(key, [{ type: 'event', idempotency_key: uniq('evt'), name: 'key_test' }]);
    expect(first.status).toBe(200);
    const [used] = await sql<{ last_used_at: Date | null }>('select last_used_at from public.api_keys where id = $1', [id]);
    expect(used?.last_used_at).not.toBeNull();

    const admin = await userClient('user_acme_admin', acme);
    const { error } = await admin.from('api_keys').update({ revoked_at: new Date().toISOString() }).eq('id', id);
    expect(error).toBeNull();
    const after = await ingest(key, [{ type: 'event', idempotency_key: uniq('evt'), name: 'key_test' }]);
    expect(after.status).toBe(401);
    expect(after.body.error?.code).toBe('invalid_api_key');
    expect(JSON.stringify(after.body)).not.toContain(key);
  });

  it('a key outside its scope gets 403: read-only keys cannot write, write-only keys cannot read', async () => {
    const readOnly = await newKey('user_acme_admin', acme, ['read']);
    const writeOnly = await newKey('user_acme_admin', acme, ['ingest:write']);
    const write = await ingest(readOnly.key, [{ type: 'event', idempotency_key: uniq('evt'), name: 'scoped' }]);
    expect(write.status).toBe(403);
    expect(write.body.error?.code).toBe('insufficient_scope');
    const read = await fetch(`${ingestUrl}?idempotency_key=${uniq('k')}`, { headers: { authorization: `Bearer ${writeOnly.key}` } });
    expect(read.status).toBe(403);
    const allowed = await fetch(`${ingestUrl}?idempotency_key=${uniq('k')}`, { headers: { 'x-api-key': readOnly.key } });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ items: [] });
  });

  it('missing, malformed and unknown keys get 401', async () => {
    const item = [{ type: 'event', idempotency_key: uniq('evt'), name: 'anon' }];
    expect((await ingest(null, item)).body.error?.code).toBe('missing_api_key');
    expect((await ingest('ck_live_nothex', item)).status).toBe(401);
    const unknown = await ingest(`ck_live_${'ab'.repeat(24)}`, item);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error?.code).toBe('invalid_api_key');
  });

  it('a Globex key can never write Acme rows, whatever its items name', async () => {
    const acmeKey = await newKey('user_acme_admin', acme, ['ingest:write']);
    const chatId = uniq('chat');
    const seeded = await ingest(acmeKey.key, [
      { type: 'chat', idempotency_key: uniq('c'), external_id: chatId, website_domain: 'acme.com' },
      { type: 'message', idempotency_key: uniq('m'), chat_external_id: chatId, sender_type: 'visitor', body: 'Acme only' },
    ]);
    expect(seeded.status).toBe(200);
    const before = await sql<{ n: number }>('select count(*)::int as n from public.messages where organization_id = $1', [ACME.id]);

    const globexKey = await newKey('user_globex_owner', globex, ['ingest:write']);
    const attack = await ingest(globexKey.key, [
      { type: 'message', idempotency_key: uniq('m'), chat_external_id: chatId, sender_type: 'agent', body: 'planted' },
      { type: 'chat', idempotency_key: uniq('c'), external_id: uniq('chat'), website_domain: 'acme.com' },
      { type: 'article_view', idempotency_key: uniq('v'), article_id: 'a6000000-0000-4000-8000-000000000001' },
      { type: 'visitor', idempotency_key: uniq('v'), external_id: 'cust_1042', name: 'Hijacked' },
      { type: 'event', idempotency_key: uniq('e'), name: 'x', organization_id: ACME.id },
    ]);
    expect(attack.status).toBe(207);
    expect(attack.body.results.map((r) => r.error?.code ?? 'stored')).toEqual(['not_found', 'not_found', 'not_found', 'stored', 'invalid_item']);
    expect(attack.body.results[4]?.error?.message).toMatch(/organization_id/);

    const after = await sql<{ n: number }>('select count(*)::int as n from public.messages where organization_id = $1', [ACME.id]);
    expect(after[0]?.n).toBe(before[0]?.n);
    expect(await sql('select name from public.visitors where organization_id = $1 and external_id = $2', [ACME.id, 'cust_1042'])).toEqual([
      { name: 'Omar Haddad' },
    ]);
    const [hijack] = await sql<{ organization_id: string }>('select organization_id from public.visitors where id = $1', [
      attack.body.results[3]?.id,
    ]);
    expect(hijack?.organization_id).toBe(GLOBEX.id);
  });

  afterAll(() => {
    // keys never appear in any log of the stack (functions, PostgREST, gateway, Postgres)
    const files = readdirSync(config.paths.logs)
      .map((f) => path.join(config.paths.logs, f))
      .filter((f) => statSync(f).isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const key of issued) expect(text.includes(key.slice(8)), `${path.basename(file)} contains an API key`).toBe(false);
    }
  });
});
