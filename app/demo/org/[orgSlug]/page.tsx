// Plain <a> links (full page loads) between websites and back to the dashboard: the widget lives
// outside React and would otherwise stay on the next page.
import type { Metadata } from 'next';
import type { CSSProperties } from 'react';
import { AllowDemoOrigin } from '@/components/demo/allow-demo-origin';
import styles from '@/components/demo/demo.module.css';
import { appOrigin } from '@/lib/dashboard/app-origin';
import { getOrgContext } from '@/lib/dashboard/context';
import { listDemoWebsites } from '@/lib/data/websites';

// /demo/org/<org-slug>: every organization's own demo page, for its members. It embeds the
// widget of one of its websites (?site=<domain>, else the first: sign-up creates one) with the
// same one script tag a customer pastes, so a new team tries its assistant on its own articles.

type Props = { params: Promise<{ orgSlug: string }>; searchParams: Promise<{ site?: string | string[] }> };

export const metadata: Metadata = { title: 'Your widget demo page', robots: { index: false } };

export default async function OrgDemoPage({ params, searchParams }: Props) {
  const ctx = await getOrgContext((await params).orgSlug);
  const wanted = (await searchParams).site;
  const [websites, origin, published] = await Promise.all([
    listDemoWebsites(ctx.supabase),
    appOrigin(),
    ctx.supabase.from('articles').select('id', { count: 'exact', head: true }).eq('is_published', true).throwOnError(),
  ]);
  const site = websites.find((w) => w.domain === wanted) ?? websites[0];
  const dashboard = `/dashboard/${ctx.org.slug}`;
  const helpCenterOn = (ctx.org.settings as Record<string, unknown> | null)?.help_center_enabled === true;
  const allowed = site?.allowed_origins.some((o) => o.toLowerCase() === origin) ?? false;
  const articles = published.count ?? 0;

  return (
    <div className={`${styles.site} ${styles.own}`} style={{ '--accent': site?.brand_color } as CSSProperties}>
      <main className={styles.wrap}>
        <header className={styles.hero}>
          <h1>{site ? site.name : ctx.org.name}</h1>
          <p>
            The demo page of {ctx.org.name}: your chat widget as the visitors of {site ? site.domain : 'your website'} will see it, answering from
            your published articles.
          </p>
        </header>

        {!site ? (
          <section className={styles.section} aria-label="No website yet">
            <h2>No website yet</h2>
            <p>
              The widget belongs to a website. {ctx.can.manage ? 'Add one under ' : 'An admin adds one under '}
              <a href={`${dashboard}/websites`}>Websites</a>, then come back here.
            </p>
          </section>
        ) : (
          <>
            <aside className={styles.note} aria-label="About this demo">
              <strong>How this page works</strong>
              It embeds the widget of {site.name} with{' '}
              <code>{`<script src="${origin}/widget.js" data-website-id="${site.public_key}" async></script>`}</code>, the snippet you paste into your
              own pages.
              <ul>
                <li>
                  {articles === 0
                    ? 'You have no published article yet, so the assistant offers a person for every question. '
                    : `The assistant answers from your ${articles} published article${articles === 1 ? '' : 's'}. `}
                  <a href={`${dashboard}/knowledge`}>Knowledge base</a>
                </li>
                <li>
                  {helpCenterOn
                    ? 'Answers link to the articles they cite in your '
                    : 'Your help center is off, so answers cite articles without a link. '}
                  {helpCenterOn ? <a href={`/help/${ctx.org.slug}`}>help center</a> : <a href={`${dashboard}/settings`}>Settings</a>}
                </li>
              </ul>
            </aside>
            {websites.length > 1 && (
              <nav className={styles.section} aria-label="Websites">
                <h2>Other websites</h2>
                <ul>
                  {websites
                    .filter((w) => w.id !== site.id)
                    .map((w) => (
                      <li key={w.id}>
                        <a href={`?site=${encodeURIComponent(w.domain)}`}>{w.name}</a> ({w.domain})
                      </li>
                    ))}
                </ul>
              </nav>
            )}
            {!allowed && (
              <section className={styles.section} aria-label="The widget cannot start here yet">
                <h2>The widget cannot start here yet</h2>
                <p>
                  A website&apos;s widget opens only on the origins it allows, and this page&apos;s origin ({origin}) is not one of {site.name}
                  &apos;s.
                </p>
                {ctx.can.manage ? (
                  <AllowDemoOrigin orgSlug={ctx.org.slug} websiteId={site.id} origin={origin} />
                ) : (
                  <p>Ask an admin to allow it, or to add it under Websites.</p>
                )}
              </section>
            )}
          </>
        )}
        <footer className={styles.footer}>
          <a href={dashboard}>Back to the dashboard</a>
        </footer>
      </main>
      {site && allowed && <script src="/widget.js" data-website-id={site.public_key} async />}
    </div>
  );
}
