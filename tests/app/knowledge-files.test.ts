import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { articlesZip, articleToMarkdown, htmlToMarkdown, parseArticleFile } from '@/lib/knowledge/files';
import { slugify } from '@/lib/knowledge/slug';

/** The knowledge base's file formats: what the import reads and the export writes (pure functions). */
describe('slugify', () => {
  it('makes a lower-case, dash-joined ASCII slug from a title', () => {
    expect(slugify('  How to Reset *your* Password?  ')).toBe('how-to-reset-your-password');
    expect(slugify('Crème brûlée & đồng hồ')).toBe('creme-brulee-dong-ho');
    expect(slugify('!!!')).toBe('');
    expect(slugify('a'.repeat(200))).toHaveLength(120);
    expect(slugify(`${'a'.repeat(119)} b`)).toBe('a'.repeat(119));
  });
});

describe('parseArticleFile', () => {
  it('reads title, slug, collection, tags and language from Markdown front-matter', () => {
    const parsed = parseArticleFile(
      'notes/anything.md',
      '---\ntitle: Gift cards\nslug: gift-cards\ncollection: Billing\ntags: [billing, gifts]\nlanguage: fr\n---\nGift cards **never** expire.\n',
    );
    expect(parsed).toEqual({
      ok: true,
      article: {
        title: 'Gift cards',
        slug: 'gift-cards',
        collection: 'Billing',
        tags: ['billing', 'gifts'],
        language: 'fr',
        body: 'Gift cards **never** expire.',
      },
    });
  });

  it('falls back to the first heading, then the file name, and makes the slug from the title', () => {
    const heading = parseArticleFile('x.md', '# Opening hours\n\nMonday to Friday.');
    expect(heading).toMatchObject({
      ok: true,
      article: { title: 'Opening hours', slug: 'opening-hours', body: 'Monday to Friday.', collection: null, language: 'en' },
    });
    const named = parseArticleFile('docs/shipping_times.markdown', 'Ships in a day.');
    expect(named).toMatchObject({ ok: true, article: { title: 'shipping times', slug: 'shipping-times' } });
    expect(parseArticleFile('a.md', '---\ntags: "one, two"\n---\nx')).toMatchObject({ ok: true, article: { tags: ['one', 'two'] } });
  });

  it('converts HTML to Markdown, drops scripts and takes the <title>', () => {
    const parsed = parseArticleFile(
      'page.html',
      '<html><head><title>Returns &amp; refunds</title><script>alert(1)</script></head><body><h2>Steps</h2><p>Print the <a href="https://example.com/label">label</a>.</p><script>steal()</script><ul><li>Pack</li><li>Ship</li></ul></body></html>',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.article.title).toBe('Returns & refunds');
    expect(parsed.article.slug).toBe('returns-refunds');
    expect(parsed.article.body).toContain('## Steps');
    expect(parsed.article.body).toContain('[label](https://example.com/label)');
    expect(parsed.article.body).toMatch(/-\s+Pack/);
    expect(parsed.article.body).not.toMatch(/alert|steal|script/);
    expect(htmlToMarkdown('<p>Plain</p>').title).toBeUndefined();
  });

  it('refuses other file types, bad front-matter and fields the database would refuse', () => {
    expect(parseArticleFile('a.txt', 'x')).toEqual({ ok: false, error: 'Only .md, .markdown, .html and .htm files can be imported.' });
    expect(parseArticleFile('a.md', '---\ntitle: [unclosed\n---\nx')).toEqual({ ok: false, error: 'The front-matter is not valid YAML.' });
    expect(parseArticleFile('a.md', '---\nslug: Not A Slug\n---\nx')).toMatchObject({ ok: false, error: expect.stringMatching(/^slug: /) });
    expect(parseArticleFile('a.md', '---\nlanguage: xx\n---\nx')).toMatchObject({ ok: false, error: expect.stringMatching(/^language: /) });
    expect(parseArticleFile('a.md', `---\ntitle: ${'t'.repeat(301)}\n---\nx`)).toMatchObject({ ok: false, error: expect.stringMatching(/^title: /) });
  });
});

describe('export', () => {
  const article = {
    title: 'Gift cards: the rules',
    slug: 'gift-cards',
    body: 'Never expire.',
    collection: 'Billing & payments',
    tags: ['billing'],
    language: 'en',
    is_published: true,
    updated_at: '2026-12-03T10:00:00+00:00',
  };

  it('writes Markdown with front-matter that the import reads back unchanged', () => {
    const markdown = articleToMarkdown(article);
    expect(markdown.startsWith('---\n')).toBe(true);
    expect(markdown).toContain('published: true');
    expect(parseArticleFile('gift-cards.md', markdown)).toEqual({
      ok: true,
      article: { title: article.title, slug: article.slug, body: article.body, collection: article.collection, tags: article.tags, language: 'en' },
    });
  });

  it('zips every article as <collection>/<slug>.md', () => {
    const zip = articlesZip([article, { ...article, slug: 'no-collection', collection: null, tags: [], is_published: false }]);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['billing-payments/gift-cards.md', 'general/no-collection.md']);
    expect(strFromU8(files['general/no-collection.md']!)).toContain('published: false');
  });
});
