import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { AnchorLink } from '@/components/ui/links';
import { dateTime } from '@/lib/dashboard/format';
import { businessDuration, targetLabel } from '@/lib/dashboard/sla';
import type { TicketSla } from '@/lib/data/tickets';

interface Timer {
  label: string;
  testId: string;
  minutes: number | null;
  dueAt: string | null;
  metAt: string | null;
  metVerb: string;
  breached: boolean;
  /** the business seconds left, when this is the ticket's next running deadline */
  secondsLeft: number | null;
}

/**
 * The ticket's two SLA timers (server-rendered: the time left is computed in Postgres in business
 * time when the page loads, never by a client clock during hydration).
 */
export function SlaCard({ sla, orgSlug, priority, canManage }: { sla: TicketSla; orgSlug: string; priority: string; canManage: boolean }) {
  const nextIs = (due: string | null) => (due !== null && due === sla.next_due_at ? sla.seconds_left : null);
  const timers: Timer[] = [
    {
      label: 'First response',
      testId: 'sla-first-response',
      minutes: sla.first_response_minutes,
      dueAt: sla.first_response_due_at,
      metAt: sla.first_response_at,
      metVerb: 'replied',
      breached: Boolean(sla.first_response_breached),
      secondsLeft: sla.first_response_at ? null : nextIs(sla.first_response_due_at),
    },
    {
      label: 'Resolution',
      testId: 'sla-resolution',
      minutes: sla.resolution_minutes,
      dueAt: sla.resolution_due_at,
      metAt: sla.resolved_at,
      metVerb: 'resolved',
      breached: Boolean(sla.resolution_breached),
      secondsLeft: nextIs(sla.resolution_due_at),
    },
  ];
  return (
    <Card withBorder data-testid="sla-card">
      <Title order={2} size="h5" mb="xs">
        SLA
      </Title>
      <Stack gap="sm">
        {timers.map((t) => (
          <div key={t.label} data-testid={t.testId}>
            <Group gap={6} justify="space-between">
              <Text size="sm" fw={600}>
                {t.label}
              </Text>
              <TimerBadge timer={t} />
            </Group>
            <Text size="xs" c="dimmed">
              {t.minutes == null
                ? `No target for ${priority} tickets.`
                : `Target ${targetLabel(t.minutes)}${t.dueAt ? ` · due ${dateTime(t.dueAt)}` : ''}${t.metAt ? ` · ${t.metVerb} ${dateTime(t.metAt)}` : ''}`}
            </Text>
          </div>
        ))}
        {canManage && (
          <AnchorLink href={`/dashboard/${orgSlug}/sla`} size="xs">
            SLA policies
          </AnchorLink>
        )}
      </Stack>
    </Card>
  );
}

function TimerBadge({ timer }: { timer: Timer }) {
  if (timer.minutes == null || !timer.dueAt) return null;
  if (timer.metAt !== null) {
    return (
      <Badge color={timer.breached ? 'orange' : 'teal'} variant="light" tt="none">
        {timer.breached ? 'Met late' : 'Met'}
      </Badge>
    );
  }
  if (timer.breached) {
    return (
      <Badge color="red" variant="filled" tt="none">
        Breached
      </Badge>
    );
  }
  if (timer.secondsLeft !== null) {
    return (
      <Badge color="gray" variant="light" tt="none">
        {businessDuration(timer.secondsLeft)} left
      </Badge>
    );
  }
  return null;
}
