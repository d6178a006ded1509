/* eslint-disable @next/next/no-html-link-for-pages -- full page loads between demo sites: each embeds
   its own widget, which lives outside React and would otherwise stay on the next site's page. */
import type { Metadata } from 'next';
import styles from '@/components/demo/demo.module.css';

export const metadata: Metadata = { title: 'Widget demo sites', robots: { index: false } };

/** Index of the demo customer sites. */
export default function DemoIndexPage() {
  return (
    <div className={`${styles.site} ${styles.globex}`}>
      <main className={styles.wrap}>
        <header className={styles.hero}>
          <h1>Widget demo sites</h1>
          <p>Two fictional customers of Concierge, each with the chat widget on its own site and its own knowledge base.</p>
        </header>
        <div className={styles.grid}>
          <a className={styles.card} href="/demo/acme">
            <h3>Acme storefront</h3>
            <p>Shipping, returns, invoices and plans. Tickets are numbered ACM-…</p>
          </a>
          <a className={styles.card} href="/demo/globex">
            <h3>Globex corporate site</h3>
            <p>Campus hours, access badges, billing. Tickets are numbered GLX-…</p>
          </a>
        </div>
      </main>
    </div>
  );
}
