import { Badge, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { ContactButtons } from '@/components/team/contact-buttons';
import { OnboardingDialog } from '@/components/team/onboarding-dialog';
import { ButtonLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { getMyProfile, listDirectory } from '@/lib/data/team';
import { onboardingCookie } from '@/lib/team/onboarding';
import { profileValues } from '@/lib/team/profile-values';

export const metadata: Metadata = { title: 'Team directory' };

const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v.trim().slice(0, 100) : '');

/**
 * The team directory: the active organization's opted-in profiles (RLS: never another
 * organization's, never an opted-out one), searchable by text and filterable by expertise and
 * language. The first visit (no profile, not skipped) opens the onboarding dialog.
 */
export default async function TeamPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await getOrgContext((await params).orgSlug);
  const sp = await searchParams;
  const filters = { q: one(sp.q), expertise: one(sp.expertise).toLowerCase(), language: one(sp.language).toLowerCase() };
  const [mine, profiles, all] = await Promise.all([
    getMyProfile(ctx.supabase, { organizationId: ctx.org.id, userId: ctx.user.userId }),
    listDirectory(ctx.supabase, { organizationId: ctx.org.id, ...filters }),
    listDirectory(ctx.supabase, { organizationId: ctx.org.id }),
  ]);
  const skipped = (await cookies()).get(onboardingCookie(ctx.org.slug))?.value === 'skipped';
  const showOnboarding = sp.onboarding === '1' || (!mine && !skipped);
  const tags = [...new Set(all.flatMap((p) => p.expertise))].sort();
  const languages = [...new Set(all.flatMap((p) => p.languages))].sort();
  const base = `/dashboard/${ctx.org.slug}/team`;

  return (
    <Stack gap="md">
      <PageHeader
        title="Team directory"
        description="Colleagues who opted in, with what they know. Ask the team to find the right one for a question."
        actions={
          <Group gap="xs">
            <ButtonLink href={`${base}/ask`} size="sm">
              Ask the team
            </ButtonLink>
            <ButtonLink href={`${base}/profile`} size="sm" variant="default">
              Your profile
            </ButtonLink>
            {ctx.can.manage && (
              <ButtonLink href={`${base}/analytics`} size="sm" variant="default">
                Team analytics
              </ButtonLink>
            )}
          </Group>
        }
      />
      <form method="get" role="search" aria-label="Filter the directory">
        <Group align="flex-end" gap="sm">
          <TextInput name="q" label="Search" defaultValue={filters.q} placeholder="Name, title or bio" />
          <NativeSelect
            name="expertise"
            label="Expertise"
            defaultValue={filters.expertise}
            data={[{ value: '', label: 'Any' }, ...tags.map((t) => ({ value: t, label: t }))]}
          />
          <NativeSelect
            name="language"
            label="Language"
            defaultValue={filters.language}
            data={[{ value: '', label: 'Any' }, ...languages.map((l) => ({ value: l, label: l }))]}
          />
          <Button type="submit" variant="default">
            Filter
          </Button>
        </Group>
      </form>
      {profiles.length === 0 ? (
        <EmptyState title={all.length === 0 ? 'Nobody is listed yet' : 'No colleague matches these filters'}>
          {all.length === 0 ? 'Fill in your profile and opt in to be the first.' : <Link href={base}>Clear the filters</Link>}
        </EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} aria-label="Colleagues">
          {profiles.map((p) => (
            <Card key={p.id} withBorder padding="md" data-testid="directory-card" component="article" aria-label={p.display_name}>
              <Text fw={600}>
                {p.display_name}
                {p.user_id === ctx.user.userId ? ' (you)' : ''}
              </Text>
              <Text size="sm" c="dimmed">
                {p.title}
              </Text>
              {p.bio && (
                <Text size="sm" mt={4} lineClamp={3}>
                  {p.bio}
                </Text>
              )}
              <Group gap={4} mt="xs">
                {p.expertise.map((t) => (
                  <Badge key={t} variant="light" size="sm">
                    {t}
                  </Badge>
                ))}
              </Group>
              {p.languages.length > 0 && (
                <Text size="xs" mt={4}>
                  Languages: {p.languages.join(', ')}
                </Text>
              )}
              {p.user_id !== ctx.user.userId && (
                <Group mt="sm">
                  <ContactButtons
                    orgSlug={ctx.org.slug}
                    profileId={p.id}
                    name={p.display_name}
                    hasEmail={Boolean(p.work_email)}
                    hasLinkedin={Boolean(p.linkedin_url)}
                    reason="From the team directory"
                  />
                </Group>
              )}
            </Card>
          ))}
        </SimpleGrid>
      )}
      {showOnboarding && <OnboardingDialog orgSlug={ctx.org.slug} initiallyOpen values={profileValues(mine, ctx.user.name ?? '', ctx.user.email)} />}
    </Stack>
  );
}
