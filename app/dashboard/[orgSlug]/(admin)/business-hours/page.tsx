import { Badge, Card, Group, Stack, Table, TableTbody, TableTd, TableTr, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { AddHolidayForm, BusinessHoursForm, RemoveHolidayButton } from '@/components/business-hours/business-hours-forms';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { getOrgContext } from '@/lib/dashboard/context';
import { requireRole } from '@/lib/dashboard/require-role';
import { getBusinessHours, getTeamHoursStatus, WEEKDAYS, type TeamHoursStatus } from '@/lib/data/business-hours';

export const metadata: Metadata = { title: 'Business hours' };

/** "Closed — back Wed 2 Dec, 09:00" in the organization's time zone (rendered here, on the server: no hydration of a clock). */
function statusText(status: TeamHoursStatus | null, enabled: boolean): string {
  if (!status || status.open) return enabled ? 'Open now' : 'Open now (business hours are off: always open)';
  if (!status.back_at) return 'Closed — no opening scheduled';
  const back = new Intl.DateTimeFormat('en-GB', {
    timeZone: status.time_zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(status.back_at));
  return `Closed — back ${back} (${status.time_zone})`;
}

/**
 * When the organization's team is at work: outside these hours the widget says when it is back
 * and SLA clocks stop. Admins only (403 for the other roles, like every page in (admin)).
 */
export default async function BusinessHoursPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  requireRole(ctx, 'admin');
  const [hours, status] = await Promise.all([getBusinessHours(ctx.supabase), getTeamHoursStatus(ctx.supabase)]);
  const enabled = hours.settings?.enabled ?? false;
  const byDay = new Map(hours.days.map((d) => [d.weekday, d]));
  const days = WEEKDAYS.map(([weekday, label]) => {
    const d = byDay.get(weekday);
    return { weekday, label, open: Boolean(d), opensAt: d?.opens_at ?? '09:00', closesAt: d?.closes_at ?? '17:00' };
  });
  const open = !status || status.open;
  return (
    <Stack gap="md" maw={900}>
      <PageHeader
        title="Business hours"
        description="When your team answers. Outside these hours the widget tells visitors when you are back, the assistant keeps answering, and hand-overs collect an email for your reply."
        actions={
          <Badge size="lg" color={open ? 'teal' : 'orange'} variant="light" data-testid="team-hours-status">
            {statusText(status, enabled)}
          </Badge>
        }
      />
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Weekly hours
        </Title>
        <BusinessHoursForm
          orgSlug={ctx.org.slug}
          enabled={enabled}
          timeZone={hours.settings?.time_zone ?? 'UTC'}
          offlineMessage={hours.settings?.offline_message ?? ''}
          days={days}
        />
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Holidays
        </Title>
        <Stack gap="sm">
          <AddHolidayForm orgSlug={ctx.org.slug} />
          {hours.holidays.length === 0 ? (
            <EmptyState title="No holidays">Add the days your team is away, whatever the weekday.</EmptyState>
          ) : (
            <Table data-testid="holidays" maw={560}>
              <TableTbody>
                {hours.holidays.map((h) => (
                  <TableTr key={h.id}>
                    <TableTd>
                      <Text size="sm" ff="monospace">
                        {h.day}
                      </Text>
                    </TableTd>
                    <TableTd>{h.name}</TableTd>
                    <TableTd>
                      <Group justify="flex-end">
                        <RemoveHolidayButton orgSlug={ctx.org.slug} id={h.id} name={h.name} />
                      </Group>
                    </TableTd>
                  </TableTr>
                ))}
              </TableTbody>
            </Table>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
