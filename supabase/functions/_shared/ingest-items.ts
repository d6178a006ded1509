import { z } from 'zod';

// The items of the ingest API (supabase/functions/ingest), as zod schemas. They mirror the checks
// public.ingest_batch makes again in Postgres, and supabase/functions/ingest/openapi.json
// documents the same shapes (tests/api/ingest-openapi.test.ts keeps the two in step).
// Only zod here, no Deno API: the Node tests import this file too.

/** At most this many items per request, and this many bytes of request body. */
export const MAX_ITEMS = 500;
export const MAX_BODY_BYTES = 1024 * 1024;

const idempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{8,100}$/, 'must be 8 to 100 printable ASCII characters without spaces');
const externalId = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 printable ASCII characters without spaces');
const time = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time such as 2026-11-23T10:00:00Z' });
const text = (max: number) =>
  z.string().max(max).regex(/\S/, `must be 1 to ${max} characters, not blank`);
const jsonObject = (maxBytes: number) =>
  z.record(z.string(), z.json()).refine((value) => new TextEncoder().encode(JSON.stringify(value)).length <= maxBytes, {
    message: `must be a JSON object of at most ${maxBytes} bytes`,
  });
const websiteDomain = z.string().max(260).regex(/^[A-Za-z0-9.:-]+$/, 'must be a website domain such as shop.example.com');
const httpUrl = z.string().max(2000).regex(/^https?:\/\/\S+$/i, 'must be an http(s) address');

const visitor = z.strictObject({
  type: z.literal('visitor'),
  idempotency_key: idempotencyKey,
  external_id: externalId,
  email: z.email('must be a valid email address').max(254).optional(),
  name: text(120).optional(),
  metadata: jsonObject(8192).optional(),
  website_domain: websiteDomain.optional(),
  seen_at: time.optional(),
});

const chat = z.strictObject({
  type: z.literal('chat'),
  idempotency_key: idempotencyKey,
  external_id: externalId,
  visitor_external_id: externalId.optional(),
  website_domain: websiteDomain.optional(),
  started_at: time.optional(),
  status: z.enum(['open', 'pending', 'closed']).optional(),
  is_escalated: z.boolean().optional(),
  escalated_reason: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lower-case code such as low_confidence').optional(),
  escalated_at: time.optional(),
  is_resolved: z.boolean().optional(),
  resolved_at: time.optional(),
  summary: text(2000).optional(),
});

const message = z
  .strictObject({
    type: z.literal('message'),
    idempotency_key: idempotencyKey,
    chat_external_id: externalId,
    sender_type: z.enum(['visitor', 'ai', 'agent', 'system']),
    body: text(20000),
    sent_at: time.optional(),
    sender_id: text(255).optional(),
    metadata: jsonObject(32768).optional(),
    is_internal: z.boolean().optional(),
  })
  .refine((m) => !m.is_internal || m.sender_type === 'agent', {
    message: 'only agent messages can be internal notes',
    path: ['is_internal'],
  });

const event = z.strictObject({
  type: z.literal('event'),
  idempotency_key: idempotencyKey,
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'must be 1 to 100 letters, digits, _ . : or -'),
  properties: jsonObject(8192).optional(),
  visitor_external_id: externalId.optional(),
  chat_external_id: externalId.optional(),
  website_domain: websiteDomain.optional(),
  occurred_at: time.optional(),
});

const articleSlug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$/, 'must be an article slug');

const articleRef = {
  idempotency_key: idempotencyKey,
  article_id: z.uuid().optional(),
  article_slug: articleSlug.optional(),
  url: httpUrl.optional(),
  title: text(300).optional(),
  visitor_external_id: externalId.optional(),
  chat_external_id: externalId.optional(),
};
const hasTarget = (a: { article_id?: string; article_slug?: string; url?: string }) =>
  Boolean(a.article_id ?? a.article_slug ?? a.url);
const targetIssue = { message: 'an article_id, article_slug or url is required', path: ['article_id'] };

const articleView = z
  .strictObject({ type: z.literal('article_view'), ...articleRef, viewed_at: time.optional() })
  .refine(hasTarget, targetIssue);

const articleMention = z
  .strictObject({
    type: z.literal('article_mention'),
    ...articleRef,
    mentioned_at: time.optional(),
    clicked_at: time.optional(),
  })
  .refine(hasTarget, targetIssue);

// A knowledge-base article, created or updated by slug (a sync from another help center). Fields
// left out keep their stored value on update; an item equal to the stored article changes nothing.
const article = z.strictObject({
  type: z.literal('article'),
  idempotency_key: idempotencyKey,
  slug: articleSlug,
  title: text(300),
  body: text(200000),
  collection: text(80).nullable().optional(),
  tags: z.array(text(40)).max(20).optional(),
  language: z.enum(['en', 'vi', 'fr', 'es', 'de']).optional(),
  is_published: z.boolean().optional(),
});

/** One item of a batch; `type` picks its shape. */
export const ingestItem = z.discriminatedUnion('type', [visitor, chat, message, event, articleView, articleMention, article]);
export type IngestItem = z.infer<typeof ingestItem>;

export const itemSchemas = {
  visitor,
  chat,
  message,
  event,
  article_view: articleView,
  article_mention: articleMention,
  article,
} as const;
export const itemTypes = Object.keys(itemSchemas) as (keyof typeof itemSchemas)[];

/** "path: message" of an item's first problem, for its per-item error. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid item';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
