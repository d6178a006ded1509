'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, type CSSProperties } from 'react';
import type { HelpCenter } from '@/lib/help/data';
import styles from './help.module.css';

type Center = Pick<HelpCenter, 'slug' | 'name' | 'brand_color' | 'websites'>;

function HeaderView({ center, domain }: { center: Center; domain: string | null }) {
  const site = center.websites.find((w) => w.domain === domain) ?? null;
  const home = site ? `/help/${center.slug}?site=${encodeURIComponent(site.domain)}` : `/help/${center.slug}`;
  return (
    <header className={styles.header} style={{ '--brand': (site?.brand_color ?? center.brand_color) || undefined } as CSSProperties}>
      <div className={styles.headerInner}>
        <p className={styles.orgName}>
          <Link href={home}>{site ? site.name : center.name} Help Center</Link>
        </p>
        {site && <p className={styles.siteOf}>{site.domain}</p>}
      </div>
    </header>
  );
}

function SiteHeader({ center }: { center: Center }) {
  return <HeaderView center={center} domain={useSearchParams().get('site')} />;
}

/**
 * The help center's header: the organization's, or on a per-website help center (?site=<domain>)
 * that website's name and colour. It sits in the layout, which does not get the query, so it reads
 * the query here (the organization's header until then).
 */
export function HelpHeader({ center }: { center: Center }) {
  return (
    <Suspense fallback={<HeaderView center={center} domain={null} />}>
      <SiteHeader center={center} />
    </Suspense>
  );
}
