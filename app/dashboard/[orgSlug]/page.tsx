import { redirect } from 'next/navigation';
import { getOrgContext } from '@/lib/dashboard/context';

/** An organization opens on its tickets. */
export default async function OrgHomePage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { org } = await getOrgContext((await params).orgSlug);
  redirect(`/dashboard/${org.slug}/tickets`);
}
