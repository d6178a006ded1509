import { Badge, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { PageHeader } from '@/components/dashboard/page-header';
import { AssignmentForm } from '@/components/settings/assignment-form';
import { DataLifecycleForm } from '@/components/settings/data-lifecycle-form';
import { HelpCenterForm } from '@/components/settings/help-center-form';
import { KnowledgeForm } from '@/components/settings/knowledge-form';
import { ReopenWindowForm } from '@/components/settings/reopen-window-form';
import { AddDomainForm, RemoveDomainButton, SettingsForm, VerifyDomainButton } from '@/components/settings/settings-forms';
import { AnchorLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { requireRole } from '@/lib/dashboard/require-role';
import { agentsPublish } from '@/lib/knowledge/permissions';
import { ROLE_LABELS } from '@/lib/dashboard/roles';
import { listDomains, verificationRecord } from '@/lib/data/domains';

export const metadata: Metadata = { title: 'Settings' };

function setting<T>(settings: unknown, key: string, fallback: T): T {
  const value = settings && typeof settings === 'object' ? (settings as Record<string, unknown>)[key] : undefined;
  return typeof value === typeof fallback ? (value as T) : fallback;
}

/**
 * The organization's name, its assistant, and the email domains that auto-join: admins and owners
 * only (403 for the other roles, before anything is read). The `(admin)` group has no loading
 * boundary, so the 403 is a real status; each member's own notifications are on /preferences.
 */
export default async function SettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  requireRole(ctx, 'admin');
  const domains = await listDomains(ctx.supabase);
  const s = ctx.org.settings;

  return (
    <Stack gap="md" maw={760}>
      <PageHeader title="Settings" description={`Slug /${ctx.org.slug}, tickets ${ctx.org.ticket_prefix}-001.`} />
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Organization and assistant
        </Title>
        <SettingsForm
          orgSlug={ctx.org.slug}
          values={{
            name: ctx.org.name,
            assistantName: setting(s, 'assistant_name', 'Concierge'),
            greeting: setting(s, 'greeting', 'Hi! How can I help you today?'),
            escalationThreshold: setting(s, 'escalation_threshold', 0.55),
            lowConfidenceAction: setting<string>(s, 'low_confidence_action', 'offer_person') === 'hand_over' ? 'hand_over' : 'offer_person',
          }}
        />
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Assignment
        </Title>
        <AssignmentForm orgSlug={ctx.org.slug} autoAssign={setting(s, 'auto_assign', false)} cap={setting(s, 'auto_assign_cap', 5)} />
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Help center
        </Title>
        <HelpCenterForm orgSlug={ctx.org.slug} enabled={setting(s, 'help_center_enabled', false)} />
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Knowledge base
        </Title>
        <KnowledgeForm orgSlug={ctx.org.slug} agentsPublish={agentsPublish(ctx.org.settings)} />
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Resolved conversations
        </Title>
        <ReopenWindowForm orgSlug={ctx.org.slug} days={setting(s, 'reopen_window_days', 7)} />
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb={4}>
          Email domains
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          People who sign up with a verified email at a verified domain join {ctx.org.name} automatically (an invitation still wins). Prove a domain
          by publishing its TXT record in your DNS, then verify it. Public mail providers cannot be added.
        </Text>
        {domains.length === 0 ? (
          <Text size="sm" c="dimmed" mb="sm">
            No domains yet.
          </Text>
        ) : (
          <Stack gap={6} mb="sm" role="list" aria-label="Email domains">
            {domains.map((d) => {
              const record = verificationRecord(d.domain, d.verification_token);
              return (
                <Stack key={d.domain} gap={4} role="listitem" data-testid="domain-row">
                  <Group justify="space-between">
                    <Group gap="xs">
                      <Text size="sm">@{d.domain}</Text>
                      <Badge variant="light" size="sm">
                        joins as {ROLE_LABELS[d.role]}
                      </Badge>
                      <Badge variant="light" size="sm" color={d.verified_at ? 'teal' : 'yellow'}>
                        {d.verified_at ? 'verified' : 'not verified'}
                      </Badge>
                    </Group>
                    <Group gap="xs">
                      {!d.verified_at && <VerifyDomainButton orgSlug={ctx.org.slug} domain={d.domain} />}
                      <RemoveDomainButton orgSlug={ctx.org.slug} domain={d.domain} />
                    </Group>
                  </Group>
                  {!d.verified_at && (
                    <Text size="xs" c="dimmed">
                      TXT record <Code>{record.name}</Code> with the value <Code>{record.value}</Code>
                    </Text>
                  )}
                </Stack>
              );
            })}
          </Stack>
        )}
        <AddDomainForm orgSlug={ctx.org.slug} />
      </Card>
      <Text size="sm">
        Connecting other systems? <AnchorLink href={`/dashboard/${ctx.org.slug}/settings/api-keys`}>Manage API keys</AnchorLink>
      </Text>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Your data
        </Title>
        <DataLifecycleForm orgSlug={ctx.org.slug} canExport={ctx.can.manage} canDelete={ctx.can.own} />
      </Card>
    </Stack>
  );
}
