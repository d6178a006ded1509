import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import styles from '@/components/help/help.module.css';
import { SafeMarkdown } from '@/components/markdown/safe-markdown';
import { anonClient, collectionName, excerpt, getArticle, getHelpCenter, helpPath, siteOrigin, websiteOf } from '@/lib/help/data';

type Props = { params: Promise<{ orgSlug: string; slug: string }>; searchParams: Promise<{ site?: string | string[] }> };

async function load(orgSlug: string, slug: string) {
  const client = anonClient();
  const center = await getHelpCenter(client, orgSlug);
  const article = center ? await getArticle(client, center.id, slug) : null;
  return center && article ? { center, article } : null;
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { orgSlug, slug } = await params;
  const found = await load(orgSlug, slug);
  if (!found) return { title: 'Not found', robots: { index: false } };
  const site = websiteOf(found.center, (await searchParams).site);
  const description = excerpt(found.article.body, 160);
  const canonical = `${siteOrigin(await headers())}${helpPath(`/help/${found.center.slug}/articles/${found.article.slug}`, site)}`;
  return {
    // a website's help center names the website (the layout's template names the organization)
    title: site ? { absolute: `${found.article.title} · ${site.name} Help Center` } : found.article.title,
    description,
    alternates: { canonical },
    openGraph: { title: found.article.title, description, url: canonical, type: 'article' },
  };
}

/**
 * One published article. No loading boundary above this page on purpose (the home page's lives in
 * the (home) group): the lookup finishes before anything streams, so a missing or draft article
 * answers 404.
 */
export default async function HelpArticlePage({ params, searchParams }: Props) {
  const { orgSlug, slug } = await params;
  const found = await load(orgSlug, slug);
  if (!found) notFound();
  const { center, article } = found;
  const site = websiteOf(center, (await searchParams).site);
  return (
    <article className={styles.article} lang={article.language}>
      <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
        <Link href={helpPath(`/help/${center.slug}`, site)}>{site ? site.name : center.name} Help Center</Link> › {collectionName(article.collection)}
      </nav>
      <h1>{article.title}</h1>
      <SafeMarkdown anchors bare>
        {article.body}
      </SafeMarkdown>
      <p className={styles.muted}>
        Updated <time dateTime={article.updated_at}>{new Date(article.updated_at).toISOString().slice(0, 10)}</time>
      </p>
    </article>
  );
}
