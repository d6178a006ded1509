import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import styles from '@/components/help/help.module.css';
import {
  anonClient,
  collectionName,
  getHelpCenter,
  helpPath,
  listArticles,
  searchArticles,
  siteOrigin,
  websiteOf,
  type ArticleSummary,
  type HelpCenterWebsite,
} from '@/lib/help/data';

type Props = { params: Promise<{ orgSlug: string }>; searchParams: Promise<{ q?: string | string[]; site?: string | string[] }> };

const queryOf = (q: string | string[] | undefined) => (typeof q === 'string' ? q.trim().slice(0, 200) : '');

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { orgSlug } = await params;
  const center = await getHelpCenter(anonClient(), orgSlug);
  if (!center) return {};
  const query = await searchParams;
  const q = queryOf(query.q);
  const site = websiteOf(center, query.site);
  const name = site ? site.name : center.name;
  return {
    title: q ? `Search: ${q}` : { absolute: `${name} Help Center` },
    description: `Answers and guides from ${name}: browse the help center's articles or search them.`,
    alternates: { canonical: `${siteOrigin(await headers())}${helpPath(`/help/${center.slug}`, site)}` },
    // search results are not pages of their own for a search engine
    ...(q ? { robots: { index: false, follow: true } } : {}),
  };
}

function ArticleList({ articles, orgSlug, site }: { articles: ArticleSummary[]; orgSlug: string; site: HelpCenterWebsite | null }) {
  return (
    <ul className={styles.list}>
      {articles.map((a) => (
        <li key={a.id}>
          <Link href={helpPath(`/help/${orgSlug}/articles/${a.slug}`, site)} lang={a.language}>
            {a.title}
          </Link>
          {a.excerpt && <p className={styles.excerpt}>{a.excerpt}</p>}
        </li>
      ))}
    </ul>
  );
}

/** /help/<org>: the organization's published articles by collection, or the results of ?q=. */
export default async function HelpCenterHome({ params, searchParams }: Props) {
  const { orgSlug } = await params;
  const client = anonClient();
  const center = (await getHelpCenter(client, orgSlug))!;
  const query = await searchParams;
  const q = queryOf(query.q);
  const site = websiteOf(center, query.site);
  const articles = q ? await searchArticles(client, center.id, q) : await listArticles(client, center.id);
  const collections = Map.groupBy(articles, (a) => collectionName(a.collection));

  return (
    <>
      <h1>{q ? `Results for “${q}”` : 'How can we help?'}</h1>
      <form className={styles.search} role="search" action={`/help/${center.slug}`} method="get">
        <label htmlFor="help-search" className={styles.srOnly}>
          Search the help center
        </label>
        <input id="help-search" type="search" name="q" defaultValue={q} placeholder="Search articles" maxLength={200} />
        {site && <input type="hidden" name="site" value={site.domain} />}
        <button type="submit">Search</button>
      </form>
      {q ? (
        articles.length === 0 ? (
          <p className={styles.muted}>
            No article matches “{q}”. Try other words, or <Link href={helpPath(`/help/${center.slug}`, site)}>browse all articles</Link>.
          </p>
        ) : (
          <ArticleList articles={articles} orgSlug={center.slug} site={site} />
        )
      ) : articles.length === 0 ? (
        <p className={styles.muted}>{site ? site.name : center.name} has not published any articles yet.</p>
      ) : (
        [...collections].map(([name, items]) => (
          <section key={name} aria-labelledby={`collection-${name}`}>
            <h2 id={`collection-${name}`} className={styles.collection}>
              {name}
            </h2>
            <ArticleList articles={items} orgSlug={center.slug} site={site} />
          </section>
        ))
      )}
    </>
  );
}
