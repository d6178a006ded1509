import 'server-only';
import { z } from 'zod';
import { createServerSupabase } from '@/lib/supabase/server';
import type { Client } from '@/lib/supabase/types';

/**
 * The public help center's reads, as `anon` (no user token): PostgREST and RLS let anon see only
 * the published articles of organizations whose help center is on (policy
 * articles_select_help_center) and, through public.help_center(), their name and slug.
 */
export function anonClient(): Client {
  return createServerSupabase(async () => null);
}

const websiteSchema = z.object({ name: z.string(), domain: z.string(), brand_color: z.string().regex(/^#[0-9a-f]{6}$/) });
export type HelpCenterWebsite = z.infer<typeof websiteSchema>;

const helpCenterSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  brand_color: z.string().nullable(),
  // what public.help_center() shows of each website (name, domain, colour; nothing else)
  websites: z.array(websiteSchema).default([]),
});
export type HelpCenter = z.infer<typeof helpCenterSchema>;

/**
 * The website of a per-website help center (?site=<domain>), or null: the organization's own. An
 * unknown domain is the organization's help center too (its canonical URL says so to crawlers).
 */
export function websiteOf(center: HelpCenter, site: string | string[] | null | undefined): HelpCenterWebsite | null {
  return typeof site === 'string' ? (center.websites.find((w) => w.domain === site) ?? null) : null;
}

/** A help-center path in the same website's help center (?site=<domain> kept). */
export function helpPath(path: string, site: HelpCenterWebsite | null): string {
  return site ? `${path}?site=${encodeURIComponent(site.domain)}` : path;
}

/** The organization behind /help/<slug>, or null when it has no help center that is on. */
export async function getHelpCenter(client: Client, slug: string): Promise<HelpCenter | null> {
  if (!/^[a-z0-9-]{1,48}$/.test(slug)) return null;
  const { data } = await client.rpc('help_center', { p_slug: slug }).throwOnError();
  return data === null ? null : helpCenterSchema.parse(data);
}

const listColumns = 'id, title, slug, collection, language, updated_at, body' as const;

export interface ArticleSummary {
  id: string;
  title: string;
  slug: string;
  collection: string | null;
  language: string;
  updated_at: string;
  excerpt: string;
}

/** Plain text of a Markdown body, for excerpts and descriptions. */
export function plainText(markdown: string): string {
  return (
    markdown
      .replace(/```[\s\S]*?```/g, ' ')
      // raw HTML is not rendered, so it is not described either
      .replace(/<[^>]*>/g, ' ')
      .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/^\s{0,3}#{1,6}\s+/gm, '')
      .replace(/[*_`>|~]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export function excerpt(markdown: string, length = 160): string {
  const text = plainText(markdown);
  return text.length <= length ? text : `${text.slice(0, length - 1).replace(/\s+\S*$/, '')}…`;
}

const summarize = (a: {
  id: string;
  title: string;
  slug: string;
  collection: string | null;
  language: string;
  updated_at: string;
  body: string;
}) => ({
  id: a.id,
  title: a.title,
  slug: a.slug,
  collection: a.collection,
  language: a.language,
  updated_at: a.updated_at,
  excerpt: excerpt(a.body),
});

/** Every published article of the help center, by collection then title. */
export async function listArticles(client: Client, organizationId: string): Promise<ArticleSummary[]> {
  const { data } = await client
    .from('articles')
    .select(listColumns)
    .eq('organization_id', organizationId)
    .order('collection', { nullsFirst: true })
    .order('title')
    .limit(1000)
    .throwOnError();
  return data.map(summarize);
}

/** The search's words: letters, digits and hyphens only, so none can change the PostgREST filter. */
export function searchWords(query: string): string[] {
  return [
    ...new Set(
      query
        .toLowerCase()
        .split(/[^\p{L}\p{N}-]+/u)
        .filter((w) => w.length >= 2),
    ),
  ].slice(0, 8);
}

/** Published articles whose title or text holds every word of the query. */
export async function searchArticles(client: Client, organizationId: string, query: string): Promise<ArticleSummary[]> {
  const words = searchWords(query);
  if (words.length === 0) return [];
  let q = client.from('articles').select(listColumns).eq('organization_id', organizationId);
  for (const w of words) q = q.or(`title.ilike.*${w}*,body.ilike.*${w}*`);
  const { data } = await q.order('title').limit(50).throwOnError();
  return data.map(summarize);
}

export interface Article {
  id: string;
  title: string;
  slug: string;
  body: string;
  collection: string | null;
  language: string;
  tags: string[];
  updated_at: string;
}

export async function getArticle(client: Client, organizationId: string, slug: string): Promise<Article | null> {
  if (!/^[a-z0-9-]{1,120}$/.test(slug)) return null;
  const { data } = await client
    .from('articles')
    .select('id, title, slug, body, collection, language, tags, updated_at')
    .eq('organization_id', organizationId)
    .eq('slug', slug)
    .maybeSingle()
    .throwOnError();
  return data;
}

/**
 * The origin canonical URLs and the sitemap name: APP_URL (the app's public address, also used in
 * email links), or the request's own when it is unset.
 */
export function siteOrigin(requestHeaders: Headers): string {
  const configured = process.env.APP_URL;
  if (configured) return configured.replace(/\/+$/, '');
  const host = requestHeaders.get('x-forwarded-host') ?? requestHeaders.get('host') ?? 'localhost';
  const proto = requestHeaders.get('x-forwarded-proto') ?? 'http';
  return `${proto}://${host}`;
}

export const collectionName = (c: string | null) => c ?? 'General';
