import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { CSSProperties, ReactNode } from 'react';
import styles from '@/components/help/help.module.css';
import { anonClient, getHelpCenter } from '@/lib/help/data';

type Props = { children: ReactNode; params: Promise<{ orgSlug: string }> };

export async function generateMetadata({ params }: Omit<Props, 'children'>): Promise<Metadata> {
  const center = await getHelpCenter(anonClient(), (await params).orgSlug);
  if (!center) return { title: 'Not found', robots: { index: false } };
  return { title: { default: `${center.name} Help Center`, template: `%s · ${center.name} Help Center` } };
}

/**
 * The public help center's frame. The organization is looked up here, before anything streams:
 * an unknown organization, or one whose help center is off, answers 404 (not a 200 page saying so).
 */
export default async function HelpCenterLayout({ children, params }: Props) {
  const center = await getHelpCenter(anonClient(), (await params).orgSlug);
  if (!center) notFound();
  return (
    <div style={{ '--brand': center.brand_color ?? undefined } as CSSProperties}>
      <header className={styles.header}>
        <div className={styles.headerInner}>
          <p className={styles.orgName}>
            <Link href={`/help/${center.slug}`}>{center.name} Help Center</Link>
          </p>
        </div>
      </header>
      <main className={styles.page}>{children}</main>
    </div>
  );
}
