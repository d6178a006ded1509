/* eslint-disable @next/next/no-html-link-for-pages -- full page loads between demo sites: each embeds
   its own widget, which lives outside React and would otherwise stay on the next site's page. */
import { DemoNote } from './demo-note';
import styles from './demo.module.css';

const products = [
  { name: 'Rocket Skates', blurb: 'Twin solid-fuel boosters, ankle straps included.', price: '$149' },
  { name: 'Portable Hole', blurb: 'Folds to pocket size. Unfolds anywhere. Mind the edges.', price: '$89' },
  { name: 'Giant Magnet', blurb: 'Industrial grade, attracts anything ferrous within 30 m.', price: '$59' },
];

const faq = [
  { q: 'How long does shipping take?', a: 'Orders ship within one business day; ask the chat for delivery times to your country.' },
  { q: 'Can I return an item?', a: 'Yes, within 30 days of delivery. The chat can walk you through starting a return.' },
  { q: 'I was charged twice. What now?', a: 'Usually a pending authorization that clears by itself; the chat explains, or hands you to a person.' },
];

/** Acme's storefront: hero, products and FAQ, with Concierge's widget for questions. */
export function AcmeSite() {
  return (
    <div className={styles.site}>
      <div className={styles.wrap}>
        <nav className={styles.nav} aria-label="Acme">
          <span className={styles.logo}>ACME</span>
          <ul className={styles.links}>
            <li>
              <a href="#products">Products</a>
            </li>
            <li>
              <a href="#faq">Help</a>
            </li>
            <li>
              <a href="/demo/globex">Globex (other demo)</a>
            </li>
          </ul>
        </nav>
        <DemoNote
          websiteKey="wk_acme_main"
          tries={[
            'Open the chat and ask "How long does shipping take?" or "How do returns work?"',
            'Ask something the help center does not cover: the assistant offers a person.',
            'Click "Talk to a human", leave an email, and get a ticket number (ACM-…) the team sees in the dashboard.',
          ]}
        />
        <header className={styles.hero}>
          <h1>Gadgets for every ambitious plan.</h1>
          <p>Since 1949, Acme has shipped rockets, anvils and portable holes to the world&apos;s most determined customers.</p>
          <a className={styles.cta} href="#products">
            Shop the catalog
          </a>
        </header>
        <section id="products" className={styles.section} aria-labelledby="products-title">
          <h2 id="products-title">Bestsellers</h2>
          <div className={styles.grid}>
            {products.map((p) => (
              <article key={p.name} className={styles.card}>
                <h3>{p.name}</h3>
                <p>{p.blurb}</p>
                <span className={styles.price}>{p.price}</span>
              </article>
            ))}
          </div>
        </section>
        <section id="faq" className={`${styles.section} ${styles.faq}`} aria-labelledby="faq-title">
          <h2 id="faq-title">Frequently asked</h2>
          {faq.map((item) => (
            <details key={item.q}>
              <summary>{item.q}</summary>
              <p>{item.a}</p>
            </details>
          ))}
        </section>
        <footer className={styles.footer}>© Acme Corp · acme.com is a fictional store for the Concierge demo.</footer>
      </div>
    </div>
  );
}
