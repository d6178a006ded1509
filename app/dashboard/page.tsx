import { Badge, Card, Container, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { AcceptInvitationButton } from '@/components/dashboard/accept-invitation';
import { EmptyState } from '@/components/dashboard/empty-state';
import { BrandMark } from '@/components/ui/brand';
import { CardLink } from '@/components/ui/links';
import { getUserSupabase } from '@/lib/dashboard/context';
import { ROLE_LABELS } from '@/lib/dashboard/roles';
import { listMyPendingInvitations } from '@/lib/data/invitations-received';
import { getMyMemberships } from '@/lib/data/organizations';

export const metadata: Metadata = { title: 'Your organizations' };

/**
 * Where sign-in lands: a single organization opens at once, several get a chooser. Invitations
 * to the user's email wait here until they accept them (nobody joins an organization unasked).
 */
export default async function DashboardIndexPage() {
  const { user, supabase } = await getUserSupabase();
  const [memberships, invitations] = await Promise.all([getMyMemberships(supabase, { userId: user.userId }), listMyPendingInvitations(supabase)]);
  if (memberships.length === 1 && memberships[0] && invitations.length === 0) redirect(`/dashboard/${memberships[0].organization.slug}/tickets`);

  return (
    <Container size="md" py="lg">
      <Group mb="xl" justify="space-between">
        <BrandMark />
        <SignOutButton />
      </Group>
      <Stack component="main" gap="md">
        <Title order={1} size="h2">
          Your organizations
        </Title>
        {invitations.length > 0 && (
          <Card withBorder padding="lg">
            <Title order={2} size="h4" mb="sm">
              Invitations
            </Title>
            <Stack gap="sm" role="list" aria-label="Invitations">
              {invitations.map((i) => (
                <Group key={i.id} justify="space-between" role="listitem" data-testid="invitation-row">
                  <Text size="sm">
                    <Text span fw={600}>
                      {i.organization_name}
                    </Text>{' '}
                    invites you as {ROLE_LABELS[i.role]}
                  </Text>
                  <AcceptInvitationButton invitationId={i.id} organizationName={i.organization_name} />
                </Group>
              ))}
            </Stack>
          </Card>
        )}
        {memberships.length === 0 ? (
          <EmptyState title="You are not in any organization yet">
            Ask an admin of your organization to invite your email address; the invitation then appears here to accept.
          </EmptyState>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }} role="list" aria-label="Your organizations">
            {memberships.map(({ organization: org, role }) => (
              <CardLink key={org.id} withBorder padding="lg" href={`/dashboard/${org.slug}/tickets`} role="listitem">
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600}>{org.name}</Text>
                  <Badge variant="light">{ROLE_LABELS[role]}</Badge>
                </Group>
                <Text size="sm" c="dimmed">
                  /{org.slug} · tickets {org.ticket_prefix}-001{org.kind === 'personal' ? ' · personal workspace' : ''}
                </Text>
              </CardLink>
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Container>
  );
}
