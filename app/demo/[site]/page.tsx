import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ComponentType } from 'react';
import { AcmeSite } from '@/components/demo/acme-site';
import { GlobexSite } from '@/components/demo/globex-site';

// /demo/acme and /demo/globex: customer sites that embed the widget with one script tag, the way
// a customer pastes it into their own HTML (the widget is not a React component of this app).

interface DemoSite {
  title: string;
  websiteKey: string;
  Site: ComponentType;
}

const sites = new Map<string, DemoSite>([
  ['acme', { title: 'Acme — gadgets for every plan (demo)', websiteKey: 'wk_acme_main', Site: AcmeSite }],
  ['globex', { title: 'Globex Corporation (demo)', websiteKey: 'wk_globex_main', Site: GlobexSite }],
]);

type Props = { params: Promise<{ site: string }> };

// Other names 404 before rendering (a streamed page would already have sent 200).
export const dynamicParams = false;

export function generateStaticParams() {
  return [...sites.keys()].map((site) => ({ site }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const site = sites.get((await params).site);
  return site ? { title: { absolute: site.title }, robots: { index: false } } : {};
}

export default async function DemoSitePage({ params }: Props) {
  const site = sites.get((await params).site);
  if (!site) notFound();
  const { Site, websiteKey } = site;
  return (
    <>
      <Site />
      <script src="/widget.js" data-website-id={websiteKey} async />
    </>
  );
}
