import type { Client } from '@/lib/supabase/types';
import type { ArticleFields } from '@/lib/validation';
import { searchPattern } from './tickets';

// Knowledge-base articles of the active organization and their history, read and written with
// the member's token: RLS scopes every row, and the database decides who may publish
// (private.guard_article_publishing) and stamps authors.

const AUTHOR = 'author:users!articles_created_by_fkey(id, name, email)';
const EDITOR = 'editor:users!articles_updated_by_fkey(id, name, email)';

export interface ArticleListArgs {
  search?: string;
  /** 'none' lists the articles without a collection */
  collection?: string;
  status?: 'draft' | 'published';
  language?: string;
  tag?: string;
  page: number;
  pageSize: number;
}

/** One page of articles, most recently updated first, with the total that matches. */
export async function listArticles(client: Client, args: ArticleListArgs) {
  let query = client.from('articles').select(`id, title, slug, collection, tags, language, is_published, updated_at, ${EDITOR}`, { count: 'exact' });
  if (args.search?.trim()) {
    const p = searchPattern(args.search);
    query = query.or(`title.ilike.${p},body.ilike.${p},slug.ilike.${p}`);
  }
  if (args.collection === 'none') query = query.is('collection', null);
  else if (args.collection) query = query.eq('collection', args.collection);
  if (args.status) query = query.eq('is_published', args.status === 'published');
  if (args.language) query = query.eq('language', args.language);
  if (args.tag) query = query.contains('tags', [args.tag]);
  const from = (args.page - 1) * args.pageSize;
  const { data, count } = await query
    .order('updated_at', { ascending: false })
    .order('id')
    .range(from, from + args.pageSize - 1)
    .throwOnError();
  return { rows: data, total: count ?? 0 };
}

export type ArticleRow = Awaited<ReturnType<typeof listArticles>>['rows'][number];

/** The collections and tags in use, for the filters and the editor's suggestions. */
export async function listArticleFacets(client: Client) {
  const { data } = await client.from('articles').select('collection, tags').limit(5000).throwOnError();
  const collections = new Set<string>();
  const tags = new Set<string>();
  for (const row of data) {
    if (row.collection) collections.add(row.collection);
    for (const tag of row.tags) tags.add(tag);
  }
  const sort = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return { collections: sort(collections), tags: sort(tags) };
}

export async function getArticle(client: Client, args: { id: string }) {
  const { data } = await client
    .from('articles')
    .select(`id, title, slug, body, collection, tags, language, is_published, published_at, created_at, updated_at, ${AUTHOR}, ${EDITOR}`)
    .eq('id', args.id)
    .maybeSingle()
    .throwOnError();
  return data;
}

export type ArticleDetail = NonNullable<Awaited<ReturnType<typeof getArticle>>>;

/** An article's earlier versions, newest first (content is read one version at a time). */
export async function listArticleVersions(client: Client, args: { articleId: string }) {
  const { data } = await client
    .from('article_versions')
    .select('id, version, title, is_published, edited_at, replaced_at, editor:users!article_versions_edited_by_fkey(id, name, email)')
    .eq('article_id', args.articleId)
    .order('version', { ascending: false })
    .limit(200)
    .throwOnError();
  return data;
}

export async function getArticleVersion(client: Client, args: { articleId: string; version: number }) {
  const { data } = await client
    .from('article_versions')
    .select(
      'id, article_id, version, title, slug, body, collection, tags, language, is_published, edited_at, replaced_at, editor:users!article_versions_edited_by_fkey(id, name, email)',
    )
    .eq('article_id', args.articleId)
    .eq('version', args.version)
    .maybeSingle()
    .throwOnError();
  return data;
}

export async function createArticle(client: Client, args: { organizationId: string; fields: ArticleFields }) {
  const { data } = await client
    .from('articles')
    .insert({ organization_id: args.organizationId, ...args.fields })
    .select('id')
    .single()
    .throwOnError();
  return data.id;
}

/** Returns how many rows RLS let through (0 or 1). */
export async function updateArticle(client: Client, args: { id: string; fields: Partial<ArticleFields> & { is_published?: boolean } }) {
  const { count } = await client.from('articles').update(args.fields, { count: 'exact' }).eq('id', args.id).throwOnError();
  return count ?? 0;
}

export async function deleteArticle(client: Client, args: { id: string }) {
  const { count } = await client.from('articles').delete({ count: 'exact' }).eq('id', args.id).throwOnError();
  return count ?? 0;
}

/** The articles whose slug is one of `slugs` (the import updates those, creates the rest). */
export async function articleIdsBySlug(client: Client, args: { slugs: string[] }) {
  if (args.slugs.length === 0) return new Map<string, string>();
  const { data } = await client.from('articles').select('id, slug').in('slug', args.slugs).throwOnError();
  return new Map(data.map((row) => [row.slug, row.id]));
}

/** Everything the export writes, in pages so a large knowledge base is not one huge response. */
export async function listArticlesForExport(client: Client) {
  const rows = [];
  const pageSize = 1000;
  for (let from = 0; ; from += pageSize) {
    const { data } = await client
      .from('articles')
      .select('title, slug, body, collection, tags, language, is_published, updated_at')
      .order('slug')
      .range(from, from + pageSize - 1)
      .throwOnError();
    rows.push(...data);
    if (data.length < pageSize) return rows;
  }
}

/** Admins let agents publish, or take it back (organizations.settings.agents_publish). */
export async function setAgentsPublish(client: Client, args: { organizationId: string; allowed: boolean }) {
  const { data } = await client
    .rpc('set_articles_agents_publish', { p_organization_id: args.organizationId, p_allowed: args.allowed })
    .throwOnError();
  return data;
}
