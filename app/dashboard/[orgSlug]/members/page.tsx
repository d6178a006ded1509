import {
  Avatar,
  Badge,
  Card,
  Group,
  Stack,
  Table,
  TableScrollContainer,
  TableTbody,
  TableTd,
  TableTh,
  TableThead,
  TableTr,
  Text,
  Title,
} from '@mantine/core';
import type { Metadata } from 'next';
import { PageHeader } from '@/components/dashboard/page-header';
import { InviteForm, MemberControls, RevokeInviteButton } from '@/components/members/member-forms';
import { getOrgContext } from '@/lib/dashboard/context';
import { age, dateTime, displayName } from '@/lib/dashboard/format';
import { ROLE_LABELS } from '@/lib/dashboard/roles';
import { listPendingInvitations } from '@/lib/data/invitations';
import { listMembers } from '@/lib/data/members';

export const metadata: Metadata = { title: 'Members' };

/** Who is in the organization, with which role; admins invite, change roles and remove. */
export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  const [members, invitations] = await Promise.all([listMembers(ctx.supabase, { organizationId: ctx.org.id }), listPendingInvitations(ctx.supabase)]);

  return (
    <Stack gap="md">
      <PageHeader
        title="Members"
        description={
          ctx.can.manage
            ? 'Viewers read, agents work tickets, admins manage websites and members, owners also grant ownership.'
            : 'Your team. Admins and owners manage members.'
        }
      />
      <TableScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" aria-label="Members">
          <TableThead>
            <TableTr>
              <TableTh>Member</TableTh>
              <TableTh>Role</TableTh>
              <TableTh>Joined</TableTh>
            </TableTr>
          </TableThead>
          <TableTbody>
            {members.map((m) => {
              const name = displayName(m.user);
              return (
                <TableTr key={m.user_id} data-testid="member-row">
                  <TableTd>
                    <Group gap="sm" wrap="nowrap">
                      <Avatar name={name} color="initials" size="sm" />
                      <div>
                        <Text size="sm" fw={500}>
                          {name}
                          {m.user_id === ctx.user.userId ? ' (you)' : ''}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {m.user?.email}
                        </Text>
                      </div>
                    </Group>
                  </TableTd>
                  <TableTd>
                    {ctx.can.manage && m.user_id !== ctx.user.userId ? (
                      <MemberControls orgSlug={ctx.org.slug} userId={m.user_id} name={name} role={m.role} canGrantOwner={ctx.can.own} />
                    ) : (
                      <Badge variant="light">{ROLE_LABELS[m.role]}</Badge>
                    )}
                  </TableTd>
                  <TableTd title={dateTime(m.created_at)}>{age(m.created_at)} ago</TableTd>
                </TableTr>
              );
            })}
          </TableTbody>
        </Table>
      </TableScrollContainer>
      {ctx.can.manage && (
        <Card withBorder padding="lg">
          <Title order={2} size="h4" mb="sm">
            Invite someone
          </Title>
          <InviteForm orgSlug={ctx.org.slug} canGrantOwner={ctx.can.own} />
        </Card>
      )}
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Pending invitations
        </Title>
        {invitations.length === 0 ? (
          <Text size="sm" c="dimmed">
            No pending invitations.
          </Text>
        ) : (
          <Stack gap="xs" role="list" aria-label="Pending invitations">
            {invitations.map((i) => (
              <Group key={i.id} justify="space-between" role="listitem" wrap="wrap">
                <div>
                  <Text size="sm">{i.email}</Text>
                  <Text size="xs" c="dimmed">
                    {ROLE_LABELS[i.role]} · expires {dateTime(i.expires_at)}
                  </Text>
                </div>
                {ctx.can.manage && (i.role !== 'owner' || ctx.can.own) && (
                  <RevokeInviteButton orgSlug={ctx.org.slug} invitationId={i.id} email={i.email} />
                )}
              </Group>
            ))}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
