import { Alert, Card, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { PriorityBadge } from '@/components/dashboard/badges';
import { PageHeader } from '@/components/dashboard/page-header';
import { SlaPolicyForm } from '@/components/sla/sla-policy-form';
import { AnchorLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { requireRole } from '@/lib/dashboard/require-role';
import { targetLabel } from '@/lib/dashboard/sla';
import { listSlaPolicies } from '@/lib/data/sla';
import { Constants } from '@/lib/database.types';

export const metadata: Metadata = { title: 'SLA policies' };

// most urgent first, as agents triage
const PRIORITIES = [...Constants.public.Enums.ticket_priority].reverse();

/**
 * Admins set how soon each priority's tickets get a first agent reply and a resolution. The clocks
 * are computed in Postgres (public.ticket_slas) in business time when hours are enabled (403 for
 * the other roles: no loading boundary above this page, so the status is real).
 */
export default async function SlaPoliciesPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  requireRole(ctx, 'admin');
  const [policies, { data: hours }] = await Promise.all([
    listSlaPolicies(ctx.supabase),
    ctx.supabase.from('business_hours').select('enabled, time_zone').maybeSingle().throwOnError(),
  ]);
  const byPriority = new Map(policies.map((p) => [p.priority, p]));
  const hoursHref = `/dashboard/${ctx.org.slug}/business-hours`;
  return (
    <Stack gap="md" maw={900}>
      <PageHeader
        title="SLA policies"
        description="Targets for the first agent reply and the resolution of each ticket, by priority. Tickets show the time left, turn amber under a quarter of the target and red once breached."
      />
      <Alert
        color={hours?.enabled ? 'teal' : 'gray'}
        title={hours?.enabled ? 'Clocks count business hours only' : 'Clocks run around the clock'}
        data-testid="sla-clock-mode"
      >
        {hours?.enabled ? (
          <>
            Nights, weekends and holidays do not count ({hours.time_zone}). <AnchorLink href={hoursHref}>Change the business hours</AnchorLink>
          </>
        ) : (
          <>
            Business hours are off, so every minute counts. <AnchorLink href={hoursHref}>Set business hours</AnchorLink> to pause the clocks outside
            them.
          </>
        )}
      </Alert>
      {policies.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="sla-empty">
          No targets yet: tickets have no SLA until you set one below.
        </Text>
      )}
      {PRIORITIES.map((priority) => {
        const p = byPriority.get(priority);
        return (
          <Card key={priority} withBorder padding="md" data-testid="sla-policy">
            <Stack gap="xs">
              <Title order={2} size="h5">
                <PriorityBadge priority={priority} />{' '}
                <Text span size="sm" c="dimmed" fw={400}>
                  first response {targetLabel(p?.first_response_minutes).toLowerCase()} · resolution{' '}
                  {targetLabel(p?.resolution_minutes).toLowerCase()}
                </Text>
              </Title>
              <SlaPolicyForm
                orgSlug={ctx.org.slug}
                priority={priority}
                firstResponseMinutes={p?.first_response_minutes ?? null}
                resolutionMinutes={p?.resolution_minutes ?? null}
              />
            </Stack>
          </Card>
        );
      })}
      <Text size="xs" c="dimmed">
        Leave a field empty for no target. Both clocks start when the ticket is created; the first agent reply the customer sees meets the first
        response, resolving or closing meets the resolution, and a reopened ticket keeps its original start.
      </Text>
    </Stack>
  );
}
