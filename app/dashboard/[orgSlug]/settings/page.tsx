import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { PageHeader } from '@/components/dashboard/page-header';
import { AddDomainForm, RemoveDomainButton, SettingsForm } from '@/components/settings/settings-forms';
import { AnchorLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { ROLE_LABELS } from '@/lib/dashboard/roles';
import { listDomains } from '@/lib/data/domains';

export const metadata: Metadata = { title: 'Settings' };

function setting<T>(settings: unknown, key: string, fallback: T): T {
  const value = settings && typeof settings === 'object' ? (settings as Record<string, unknown>)[key] : undefined;
  return typeof value === typeof fallback ? (value as T) : fallback;
}

/** The organization's name, its assistant, and the email domains that auto-join. */
export default async function SettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  const domains = await listDomains(ctx.supabase);
  const s = ctx.org.settings;

  return (
    <Stack gap="md" maw={760}>
      <PageHeader
        title="Settings"
        description={ctx.can.manage ? `Slug /${ctx.org.slug}, tickets ${ctx.org.ticket_prefix}-001.` : 'Only admins change these settings.'}
      />
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Organization and assistant
        </Title>
        <SettingsForm
          orgSlug={ctx.org.slug}
          readOnly={!ctx.can.manage}
          values={{
            name: ctx.org.name,
            assistantName: setting(s, 'assistant_name', 'Concierge'),
            greeting: setting(s, 'greeting', 'Hi! How can I help you today?'),
            escalationThreshold: setting(s, 'escalation_threshold', 0.55),
          }}
        />
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb={4}>
          Email domains
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          People who sign up with a verified email at these domains join {ctx.org.name} automatically (an invitation still wins).
        </Text>
        {domains.length === 0 ? (
          <Text size="sm" c="dimmed" mb="sm">
            No domains yet.
          </Text>
        ) : (
          <Stack gap={6} mb="sm" role="list" aria-label="Email domains">
            {domains.map((d) => (
              <Group key={d.domain} justify="space-between" role="listitem">
                <Group gap="xs">
                  <Text size="sm">@{d.domain}</Text>
                  <Badge variant="light" size="sm">
                    joins as {ROLE_LABELS[d.role]}
                  </Badge>
                </Group>
                {ctx.can.manage && <RemoveDomainButton orgSlug={ctx.org.slug} domain={d.domain} />}
              </Group>
            ))}
          </Stack>
        )}
        {ctx.can.manage && <AddDomainForm orgSlug={ctx.org.slug} />}
      </Card>
      <Text size="sm">
        Connecting other systems? <AnchorLink href={`/dashboard/${ctx.org.slug}/settings/api-keys`}>Manage API keys</AnchorLink>
      </Text>
    </Stack>
  );
}
