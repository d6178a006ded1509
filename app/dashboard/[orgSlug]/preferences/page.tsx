import { Card, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { PageHeader } from '@/components/dashboard/page-header';
import { DeskAlertsToggle } from '@/components/settings/desk-alerts-toggle';
import { NotificationForm } from '@/components/settings/notification-form';
import { getOrgContext } from '@/lib/dashboard/context';
import { getEscalationEmails } from '@/lib/data/notification-preferences';
import { getDeskAlerts } from '@/lib/data/notifications';

export const metadata: Metadata = { title: 'Your notifications' };

/**
 * The signed-in member's own preferences in this organization, for every role: kept apart from
 * the organization's settings, which are admin-only (a 403 for the other roles).
 */
export default async function PreferencesPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  const [escalationEmails, deskAlerts] = await Promise.all([
    getEscalationEmails(ctx.supabase, { organizationId: ctx.org.id, userId: ctx.user.userId, role: ctx.role }),
    getDeskAlerts(ctx.supabase, { organizationId: ctx.org.id, userId: ctx.user.userId }),
  ]);

  return (
    <Stack gap="md" maw={760}>
      <PageHeader title="Your notifications" description={`Your own preferences in ${ctx.org.name}; other members keep theirs.`} />
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb={4}>
          Your email notifications
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Sent to {ctx.user.email}, for {ctx.org.name} only.
        </Text>
        <NotificationForm orgSlug={ctx.org.slug} escalationEmails={escalationEmails} />
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb={4}>
          Browser notifications
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          The bell in the header lists your notifications either way; this adds a system notification and a short sound in this browser.
        </Text>
        <DeskAlertsToggle orgSlug={ctx.org.slug} enabled={deskAlerts} />
      </Card>
    </Stack>
  );
}
