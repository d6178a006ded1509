'use client';

import { Badge, Button, Card, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { FormStatus } from '@/components/dashboard/form-status';
import { ChannelIcon } from '@/components/integrations/channel-icon';
import { ConnectButton } from '@/components/integrations/connect-buttons';
import { IntegrationAiForm } from '@/components/integrations/integration-ai-form';
import { useFormAction } from '@/components/ui/use-form-action';
import { disconnectChannel } from '@/lib/dashboard/actions/integrations';
import type { IntegrationRow } from '@/lib/data/integrations';

// default-variant badges (dark text on white): the light variants' green and orange text on their
// tinted backgrounds fall under the 4.5:1 contrast WCAG AA asks of text
const STATUS: Record<IntegrationRow['status'], string> = {
  active: 'Active',
  needs_reconnect: 'Needs reconnecting',
  disconnected: 'Disconnected',
};

function when(at: string | null): string {
  return at ? new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC' : 'never';
}

/** One page / OA: its status (and why it needs reconnecting), last event, and (admins) disconnect. */
export function IntegrationCard({ orgSlug, integration, canManage }: { orgSlug: string; integration: IntegrationRow; canManage: boolean }) {
  const [confirming, confirm] = useDisclosure(false);
  const disconnect = useFormAction(disconnectChannel);
  const status = STATUS[integration.status];
  const kind = integration.platform === 'facebook' ? 'Facebook Page' : 'Zalo Official Account';

  return (
    <Card withBorder padding="lg" component="article" aria-label={integration.display_name} data-testid="integration-card">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Group gap="sm" wrap="nowrap">
          <ChannelIcon platform={integration.platform} />
          <div>
            <Text fw={600}>{integration.display_name}</Text>
            <Text size="sm" c="dimmed">
              {kind} · {integration.external_id}
            </Text>
          </div>
        </Group>
        <Badge variant="default" data-testid="integration-status">
          {status}
        </Badge>
      </Group>
      {integration.status_reason && (
        <Text size="sm" c="red.9" mt="sm">
          {integration.status_reason}
        </Text>
      )}
      <Text size="sm" mt="sm">
        Last event: {when(integration.last_event_at)}
      </Text>
      <Text size="sm" c="dimmed">
        Connected {when(integration.connected_at)} · AI answers {integration.ai_enabled ? 'on' : 'off'}
      </Text>
      {canManage && integration.status !== 'disconnected' && (
        <IntegrationAiForm orgSlug={orgSlug} integrationId={integration.id} enabled={integration.ai_enabled} />
      )}
      {canManage && integration.status !== 'disconnected' && (
        <Group mt="md" gap="xs">
          {integration.status === 'needs_reconnect' && <ConnectButton orgSlug={orgSlug} platform={integration.platform} label="Reconnect" />}
          <Button size="xs" variant="subtle" color="red" onClick={confirm.open}>
            Disconnect
          </Button>
        </Group>
      )}
      <Modal opened={confirming} onClose={confirm.close} title={`Disconnect ${integration.display_name}?`}>
        <form {...disconnect.formProps}>
          <Stack gap="sm">
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="integrationId" value={integration.id} />
            <Text size="sm">Its tokens are deleted and new messages to it are no longer received. Its conversations stay.</Text>
            <FormStatus state={disconnect.state} />
            <Group justify="flex-end">
              <Button variant="default" onClick={confirm.close}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={disconnect.pending}>
                Disconnect
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
