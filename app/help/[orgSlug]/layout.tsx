import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { HelpHeader } from '@/components/help/help-header';
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
    <div>
      <HelpHeader center={center} />
      <main className={styles.page}>{children}</main>
    </div>
  );
}
