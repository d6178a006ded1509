/* eslint-disable @next/next/no-html-link-for-pages -- full page loads between demo sites: each embeds
   its own widget, which lives outside React and would otherwise stay on the next site's page. */
import { DemoNote } from './demo-note';
import styles from './demo.module.css';

const services = [
  { name: 'Campus logistics', blurb: 'Worldwide shipping from our Cypress Creek warehouse, freight for oversized equipment.' },
  { name: 'Security systems', blurb: 'Badges, access control and a security desk that never sleeps.' },
  { name: 'Enterprise billing', blurb: 'Cards, bank transfer or purchase orders, with volume pricing on request.' },
];

/** Globex's corporate site, a second tenant: its widget answers from Globex's articles only. */
export function GlobexSite() {
  return (
    <div className={`${styles.site} ${styles.globex}`}>
      <div className={styles.wrap}>
        <nav className={styles.nav} aria-label="Globex">
          <span className={styles.logo}>GLOBEX CORPORATION</span>
          <ul className={styles.links}>
            <li>
              <a href="#services">Services</a>
            </li>
            <li>
              <a href="#campus">Campus</a>
            </li>
            <li>
              <a href="/demo/acme">Acme (other demo)</a>
            </li>
          </ul>
        </nav>
        <DemoNote
          websiteKey="wk_globex_main"
          tries={[
            'Ask "When is the campus open?" or "My access badge stopped working".',
            "Ask about Acme's returns: Globex's assistant only knows Globex's articles (tenant isolation).",
            'Click "Talk to a human" to open a GLX-… ticket.',
          ]}
        />
        <header className={styles.hero}>
          <h1>Solutions for a world that runs on tomorrow.</h1>
          <p>Globex Corporation builds the systems behind logistics, security and billing for enterprises on every continent.</p>
          <a className={styles.cta} href="#services">
            Our services
          </a>
        </header>
        <section id="services" className={styles.section} aria-labelledby="services-title">
          <h2 id="services-title">What we do</h2>
          <div className={styles.grid}>
            {services.map((s) => (
              <article key={s.name} className={styles.card}>
                <h3>{s.name}</h3>
                <p>{s.blurb}</p>
              </article>
            ))}
          </div>
        </section>
        <section id="campus" className={styles.section} aria-labelledby="campus-title">
          <h2 id="campus-title">Visit Cypress Creek</h2>
          <p>Our campus welcomes visitors Monday to Friday. Questions about badges or opening hours? Ask our assistant.</p>
        </section>
        <footer className={styles.footer}>© Globex Corporation · a fictional company for the Concierge demo.</footer>
      </div>
    </div>
  );
}
