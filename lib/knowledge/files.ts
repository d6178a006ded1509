import { strToU8, zipSync } from 'fflate';
import matter from 'gray-matter';
import TurndownService from 'turndown';
import { articleFields, type ArticleFields } from '@/lib/validation';
import { slugify } from './slug';

/**
 * Articles as files: the import reads Markdown (front-matter for title, slug, collection, tags,
 * language) and HTML (converted to Markdown; its <title> or first <h1> names it), the export
 * writes one Markdown file with front-matter per article, zipped. Pure functions: the server
 * actions and the export route do the database side, the tests call these directly.
 */

export const MAX_IMPORT_FILES = 50;
export const MAX_IMPORT_FILE_BYTES = 512 * 1024;

export type ParsedFile = { ok: true; article: ArticleFields } | { ok: false; error: string };

const firstHeading = /^\s{0,3}#\s+(.+?)\s*#*\s*$/m;

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function asTags(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((t) => asString(t)?.trim() ?? '').filter(Boolean);
  const s = asString(value);
  return s
    ? s
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : [];
}

function baseName(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
}

/** HTML to Markdown: scripts, styles and forms dropped, headings as #, fenced code. */
export function htmlToMarkdown(html: string): { markdown: string; title?: string } {
  const titleTag = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]?.trim();
  const bodyHtml = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
  turndown.remove(['script', 'style', 'iframe', 'object', 'embed', 'form', 'noscript', 'head', 'title']);
  const markdown = turndown.turndown(bodyHtml).trim();
  return { markdown, title: titleTag ? decodeEntities(titleTag) : undefined };
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** One uploaded file as an article's fields, or why it cannot be one. */
export function parseArticleFile(fileName: string, content: string): ParsedFile {
  const lower = fileName.toLowerCase();
  const isHtml = lower.endsWith('.html') || lower.endsWith('.htm');
  if (!isHtml && !lower.endsWith('.md') && !lower.endsWith('.markdown')) {
    return { ok: false, error: 'Only .md, .markdown, .html and .htm files can be imported.' };
  }
  let data: Record<string, unknown>;
  let text: string;
  try {
    const parsed = matter(content);
    data = parsed.data;
    text = parsed.content;
  } catch {
    return { ok: false, error: 'The front-matter is not valid YAML.' };
  }
  let body = text.trim();
  let title = asString(data.title)?.trim();
  if (isHtml) {
    const converted = htmlToMarkdown(text);
    body = converted.markdown;
    title ??= converted.title;
  }
  if (!title) {
    // a leading "# Heading" names the article and is not repeated in its body
    const heading = firstHeading.exec(body);
    if (heading && body.trimStart().startsWith('#')) {
      title = heading[1]!.trim();
      body = body.replace(firstHeading, '').trim();
    }
  }
  title ??= baseName(fileName).replace(/[-_]+/g, ' ').trim();
  const language =
    asString(data.language ?? data.lang)
      ?.trim()
      .toLowerCase() ?? 'en';
  const result = articleFields.safeParse({
    title,
    slug: asString(data.slug)?.trim() || slugify(title) || slugify(baseName(fileName)),
    body,
    collection: asString(data.collection ?? data.category) ?? '',
    tags: asTags(data.tags),
    language,
  });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { ok: false, error: `${issue.path.join('.') || 'file'}: ${issue.message}` };
  }
  return { ok: true, article: result.data };
}

export interface ExportedArticle {
  title: string;
  slug: string;
  body: string;
  collection: string | null;
  tags: string[];
  language: string;
  is_published: boolean;
  updated_at: string;
}

/** One article as Markdown with front-matter (what the import reads back). */
export function articleToMarkdown(article: ExportedArticle): string {
  const front: Record<string, unknown> = { title: article.title, slug: article.slug };
  if (article.collection) front.collection = article.collection;
  if (article.tags.length) front.tags = article.tags;
  front.language = article.language;
  front.published = article.is_published;
  front.updated_at = article.updated_at;
  return matter.stringify(article.body.endsWith('\n') ? article.body : `${article.body}\n`, front);
}

/** Every article as <collection>/<slug>.md in one zip (slugs are unique per organization). */
export function articlesZip(articles: ExportedArticle[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const article of articles) {
    const folder = article.collection ? slugify(article.collection) || 'general' : 'general';
    files[`${folder}/${article.slug}.md`] = strToU8(articleToMarkdown(article));
  }
  return zipSync(files, { level: 6 });
}
