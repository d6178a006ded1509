import { Card, Group, SimpleGrid, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { AnchorLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { requireRole } from '@/lib/dashboard/require-role';
import { analyticsRange } from '@/lib/data/analytics';
import { teamAnalytics } from '@/lib/data/team';

export const metadata: Metadata = { title: 'Team analytics' };

const rate = (n: number, of: number) => (of === 0 ? '0%' : `${Math.round((100 * n) / of)}%`);

/**
 * Team directory engagement for admins and owners (403 for the other roles): members and their
 * growth, who uses "ask the team", the most saved colleagues and the email/LinkedIn click rates.
 * No loading boundary above this page, so the 403 is a real status.
 */
export default async function TeamAnalyticsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<{ from?: string; to?: string }>;
}) {
  const ctx = await getOrgContext((await params).orgSlug);
  requireRole(ctx, 'admin');
  const sp = await searchParams;
  const range = analyticsRange({ from: sp.from, to: sp.to });
  const a = await teamAnalytics(ctx.supabase, { from: range.fromIso, to: range.toIso });
  const exportHref = (dataset: string) => `/dashboard/${ctx.org.slug}/team/analytics/export?dataset=${dataset}&from=${range.from}&to=${range.to}`;
  const kpis: [string, string | number][] = [
    ['Members', a.members],
    ['New members', a.new_members],
    ['Listed profiles', a.opted_in_profiles],
    ['Active members', a.active_members],
    ['Sessions', a.sessions],
    ['Saved contacts', a.saves],
    ['Email click rate', rate(a.email_clicks, a.saves)],
    ['LinkedIn click rate', rate(a.linkedin_clicks, a.saves)],
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title="Team analytics"
        back={{ href: `/dashboard/${ctx.org.slug}/team`, label: 'Team directory' }}
        description={`${range.from} to ${range.to}. Admins and owners only; members' questions stay private, only counts appear here.`}
        actions={<AnchorLink href={exportHref('summary')}>Export CSV</AnchorLink>}
      />
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {kpis.map(([label, value]) => (
          <Card key={label} withBorder padding="sm" data-testid="team-kpi">
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={700} size="xl">
              {value}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h5">
              Most saved colleagues
            </Title>
            <AnchorLink href={exportHref('most_saved')} size="sm">
              CSV
            </AnchorLink>
          </Group>
          {a.most_saved.length === 0 ? (
            <EmptyState title="No saved contacts in this period" />
          ) : (
            <Table aria-label="Most saved colleagues">
              <TableThead>
                <TableTr>
                  <TableTh>Colleague</TableTh>
                  <TableTh>Saves</TableTh>
                  <TableTh>Emailed</TableTh>
                  <TableTh>LinkedIn</TableTh>
                </TableTr>
              </TableThead>
              <TableTbody>
                {a.most_saved.map((r) => (
                  <TableTr key={r.profile_id}>
                    <TableTd>{r.name}</TableTd>
                    <TableTd>{r.saves}</TableTd>
                    <TableTd>{r.email_clicks}</TableTd>
                    <TableTd>{r.linkedin_clicks}</TableTd>
                  </TableTr>
                ))}
              </TableTbody>
            </Table>
          )}
        </Card>
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h5">
              Most connected members
            </Title>
            <AnchorLink href={exportHref('most_connected')} size="sm">
              CSV
            </AnchorLink>
          </Group>
          {a.most_connected.length === 0 ? (
            <EmptyState title="Nobody saved a colleague in this period" />
          ) : (
            <Table aria-label="Most connected members">
              <TableThead>
                <TableTr>
                  <TableTh>Member</TableTh>
                  <TableTh>Colleagues saved</TableTh>
                </TableTr>
              </TableThead>
              <TableTbody>
                {a.most_connected.map((r) => (
                  <TableTr key={r.user_id}>
                    <TableTd>{r.name}</TableTd>
                    <TableTd>{r.saves}</TableTd>
                  </TableTr>
                ))}
              </TableTbody>
            </Table>
          )}
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h5">
            Sessions by day
          </Title>
          <Group gap="sm">
            <AnchorLink href={exportHref('sessions_by_day')} size="sm">
              Sessions CSV
            </AnchorLink>
            <AnchorLink href={exportHref('members_by_day')} size="sm">
              Member growth CSV
            </AnchorLink>
          </Group>
        </Group>
        {a.sessions_by_day.length === 0 ? (
          <EmptyState title="No sessions in this period" />
        ) : (
          <Table aria-label="Sessions by day">
            <TableThead>
              <TableTr>
                <TableTh>Day</TableTh>
                <TableTh>Sessions</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {a.sessions_by_day.map((r) => (
                <TableTr key={r.day}>
                  <TableTd>{r.day}</TableTd>
                  <TableTd>{r.sessions}</TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
