import { Card, Stack } from '@mantine/core';
import type { Metadata } from 'next';
import { PageHeader } from '@/components/dashboard/page-header';
import { ProfileForm } from '@/components/team/profile-form';
import { getOrgContext } from '@/lib/dashboard/context';
import { getMyProfile } from '@/lib/data/team';
import { profileValues } from '@/lib/team/profile-values';

export const metadata: Metadata = { title: 'Your team profile' };

/** The member's own profile in this organization (each organization keeps its own). */
export default async function TeamProfilePage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  const mine = await getMyProfile(ctx.supabase, { organizationId: ctx.org.id, userId: ctx.user.userId });
  return (
    <Stack gap="md" maw={640}>
      <PageHeader
        title="Your team profile"
        back={{ href: `/dashboard/${ctx.org.slug}/team`, label: 'Team directory' }}
        description={`How colleagues in ${ctx.org.name} find you. Private until you opt in; admins can hide a listed profile.`}
      />
      <Card withBorder padding="lg">
        <ProfileForm orgSlug={ctx.org.slug} values={profileValues(mine, ctx.user.name ?? '', ctx.user.email)} />
      </Card>
    </Stack>
  );
}
