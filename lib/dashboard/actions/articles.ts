'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { ActionError, expectChanged, orgAction } from '@/lib/dashboard/action';
import { articleIdsBySlug, createArticle, deleteArticle, getArticleVersion, setAgentsPublish, updateArticle } from '@/lib/data/articles';
import { MAX_IMPORT_FILE_BYTES, MAX_IMPORT_FILES, parseArticleFile } from '@/lib/knowledge/files';
import { articleFields } from '@/lib/validation';

// Knowledge-base actions. Who may publish is the database's decision (a trigger on articles):
// an agent's publish is refused there with 42501 and shown as the form's message.

const articleId = z.uuid({ error: 'Unknown article' });
const tagList = z
  .string()
  .transform((s) => [
    ...new Set(
      s
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(articleFields.shape.tags);

/** Create (no id) or save an article; a new article opens in its editor. */
export const saveArticle = orgAction(
  articleFields.extend({ id: articleId.optional().or(z.literal('').transform(() => undefined)), tags: tagList }),
  async (ctx, { id, title, slug, body, collection, tags, language }) => {
    // the article's own fields only (the input also carries orgSlug)
    const fields = { title, slug, body, collection, tags, language };
    if (!id) {
      const created = await createArticle(ctx.supabase, { organizationId: ctx.org.id, fields });
      redirect(`/dashboard/${ctx.org.slug}/knowledge/${created}?saved=1`);
    }
    expectChanged(await updateArticle(ctx.supabase, { id, fields }), 'article');
    return 'Article saved. The previous version is in its history.';
  },
);

/** Publish or unpublish (admins, or agents when the organization allows it). */
export const setArticlePublished = orgAction(
  z.object({ id: articleId, published: z.enum(['true', 'false']).transform((v) => v === 'true') }),
  async (ctx, input) => {
    expectChanged(await updateArticle(ctx.supabase, { id: input.id, fields: { is_published: input.published } }), 'article');
    return input.published ? 'Published: visitors and the assistant see it now.' : 'Unpublished: it is a draft again.';
  },
);

export const removeArticle = orgAction(z.object({ id: articleId }), async (ctx, input): Promise<string> => {
  expectChanged(await deleteArticle(ctx.supabase, { id: input.id }), 'article');
  redirect(`/dashboard/${ctx.org.slug}/knowledge`);
});

/** Put an earlier version's content back (the current content becomes a version in turn). */
export const restoreArticleVersion = orgAction(
  z.object({ id: articleId, version: z.coerce.number().int().positive() }),
  async (ctx, input): Promise<string> => {
    const version = await getArticleVersion(ctx.supabase, { articleId: input.id, version: input.version });
    if (!version) throw new ActionError('That version no longer exists.');
    const { title, slug, body, collection, tags, language } = version;
    const fields = articleFields.parse({ title, slug, body, collection: collection ?? '', tags, language });
    expectChanged(await updateArticle(ctx.supabase, { id: input.id, fields }), 'article');
    redirect(`/dashboard/${ctx.org.slug}/knowledge/${input.id}?restored=${input.version}`);
  },
);

/** Admins let agents publish articles, or take that back. */
export const saveAgentsPublish = orgAction(
  z.object({ agentsPublish: z.enum(['on', 'off'], { error: 'Pick on or off' }).transform((v) => v === 'on') }),
  async (ctx, input) => {
    expectChanged(await setAgentsPublish(ctx.supabase, { organizationId: ctx.org.id, allowed: input.agentsPublish }), 'organization');
    return input.agentsPublish ? 'Agents may now publish articles.' : 'Only admins publish articles now.';
  },
);

export interface ImportResult {
  file: string;
  status: 'created' | 'updated' | 'error';
  slug?: string;
  id?: string;
  message?: string;
}

/**
 * Several Markdown or HTML files at once: each becomes a draft, or updates the article with its
 * slug (content only: publishing stays a separate, role-checked step). One result per file.
 */
export const importArticles = orgAction(
  z.object({
    // a plain array schema: orgAction collects every value of an array field (all the files)
    files: z.array(z.instanceof(File)).max(MAX_IMPORT_FILES, { error: `At most ${MAX_IMPORT_FILES} files at once` }),
  }),
  async (ctx, input) => {
    // a form without a chosen file still sends one empty, nameless part
    const files = input.files.filter((f) => f.name !== '');
    if (files.length === 0) throw new ActionError('Choose at least one file.');
    const parsed = await Promise.all(
      files.map(async (file) => {
        if (file.size > MAX_IMPORT_FILE_BYTES) return { file: file.name, result: { ok: false as const, error: 'The file is larger than 512 KB.' } };
        return { file: file.name, result: parseArticleFile(file.name, await file.text()) };
      }),
    );
    const slugs = parsed.flatMap((p) => (p.result.ok ? [p.result.article.slug] : []));
    const existing = await articleIdsBySlug(ctx.supabase, { slugs });
    const seen = new Set<string>();
    const results: ImportResult[] = [];
    for (const { file, result } of parsed) {
      if (!result.ok) {
        results.push({ file, status: 'error', message: result.error });
        continue;
      }
      const { article } = result;
      if (seen.has(article.slug)) {
        results.push({ file, status: 'error', slug: article.slug, message: 'Another file in this upload has the same slug.' });
        continue;
      }
      seen.add(article.slug);
      try {
        const id = existing.get(article.slug);
        if (id) {
          expectChanged(await updateArticle(ctx.supabase, { id, fields: article }), 'article');
          results.push({ file, status: 'updated', slug: article.slug, id });
        } else {
          const created = await createArticle(ctx.supabase, { organizationId: ctx.org.id, fields: article });
          results.push({ file, status: 'created', slug: article.slug, id: created });
        }
      } catch (error) {
        console.error('[knowledge import] file refused', file, error);
        results.push({ file, status: 'error', slug: article.slug, message: 'The database refused this article.' });
      }
    }
    const count = (s: ImportResult['status']) => results.filter((r) => r.status === s).length;
    return {
      message: `${count('created')} created, ${count('updated')} updated, ${count('error')} failed.`,
      results,
    };
  },
);
