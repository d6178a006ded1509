import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { itemSchemas, itemTypes } from '@/supabase/functions/_shared/ingest-items';
import { createApiKey, ingest, ingestUrl, uniq } from '../helpers/ingest';
import { ACME } from '../helpers/seed';

/**
 * supabase/functions/ingest/openapi.json describes the endpoint as it behaves: it parses, covers
 * every item type with the same fields as the function's validation, and real requests and
 * responses validate against its schemas.
 */
type Schema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };
const doc = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../supabase/functions/ingest/openapi.json'), 'utf8')) as {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, Schema> };
};
const componentOf: Record<string, string> = {
  visitor: 'VisitorItem',
  chat: 'ChatItem',
  message: 'MessageItem',
  event: 'EventItem',
  article_view: 'ArticleViewItem',
  article_mention: 'ArticleMentionItem',
  article: 'ArticleItem',
};

/** A zod validator for one component, its #/components/schemas refs resolved as $defs. */
function validator(name: string) {
  const defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('#/components/schemas/', '#/$defs/')) as Record<string, unknown>;
  return z.fromJSONSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', $defs: defs, $ref: `#/$defs/${name}` } as never);
}

describe('ingest OpenAPI document', () => {
  it('is OpenAPI 3.1 with the batch, lookup and document paths and every answer the function gives', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/ingest', '/ingest/openapi.json']);
    expect(Object.keys(doc.paths['/ingest']!.post!.responses).sort()).toEqual([
      '200',
      '207',
      '400',
      '401',
      '403',
      '405',
      '413',
      '415',
      '429',
      '500',
      '503',
    ]);
  });

  it('lists every item type, with the fields, required fields and choices the function validates', () => {
    const listed = (doc.components.schemas.Item?.oneOf as { $ref: string }[]).map((r) => r.$ref.split('/').pop());
    expect(listed).toEqual(itemTypes.map((t) => componentOf[t]));
    for (const type of itemTypes) {
      const documented = doc.components.schemas[componentOf[type]!]!;
      const actual = z.toJSONSchema(itemSchemas[type], { io: 'input' }) as Schema;
      expect(Object.keys(documented.properties!).sort(), type).toEqual(Object.keys(actual.properties!).sort());
      expect([...documented.required!].sort(), type).toEqual([...actual.required!].sort());
      for (const [field, spec] of Object.entries(actual.properties!) as [string, Schema][]) {
        const doced = documented.properties![field] as Schema;
        if (spec.enum) expect(doced.enum, `${type}.${field}`).toEqual(spec.enum);
        if (spec.maxLength) expect(doced.maxLength, `${type}.${field}`).toBe(spec.maxLength);
      }
    }
  });

  it('is served by the function', async () => {
    const res = await fetch(`${ingestUrl}/openapi.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(doc);
  });

  it('validates a real request and its 200, 207, lookup and error responses', async () => {
    const { key } = await createApiKey('user_acme_admin', { id: ACME.id, slug: ACME.slug }, ['ingest:write', 'read']);
    const chatId = uniq('chat');
    const items = [
      { type: 'visitor', idempotency_key: uniq('v'), external_id: uniq('crm'), email: 'kim@example.com', metadata: { tier: 'gold' } },
      { type: 'chat', idempotency_key: uniq('c'), external_id: chatId, started_at: '2026-09-01T10:00:00Z', status: 'open' },
      { type: 'message', idempotency_key: uniq('m'), chat_external_id: chatId, sender_type: 'visitor', body: 'Hello' },
      { type: 'event', idempotency_key: uniq('e'), name: 'trial_started', properties: { source: 'ads' } },
      { type: 'article_view', idempotency_key: uniq('a'), url: 'https://help.example.com/a', title: 'A' },
      { type: 'article_mention', idempotency_key: uniq('a'), article_slug: 'reset-password', chat_external_id: chatId },
    ];
    expect(validator('BatchRequest').safeParse({ items }).success).toBe(true);
    expect(validator('BatchRequest').safeParse({ items: [{ type: 'chat', idempotency_key: 'short', external_id: 'x' }] }).success).toBe(false);

    const ok = await ingest(key, items);
    expect(ok.status).toBe(200);
    expect(validator('BatchResponse').parse(ok.body)).toBeTruthy();
    const partial = await ingest(key, [...items, { type: 'event', idempotency_key: uniq('e'), name: 'bad name' }]);
    expect(partial.status).toBe(207);
    expect(validator('BatchResponse').parse(partial.body)).toBeTruthy();

    const lookup = await fetch(`${ingestUrl}?idempotency_key=${items[0]!.idempotency_key}`, { headers: { authorization: `Bearer ${key}` } });
    expect(validator('LookupResponse').parse(await lookup.json())).toBeTruthy();
    for (const res of [await ingest(null, items), await ingest(key, '{')]) expect(validator('Error').parse(res.body)).toBeTruthy();
  });
});
