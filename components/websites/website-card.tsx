'use client';

import { Anchor, Badge, Button, Card, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { WebsiteForm, type WebsiteValues } from '@/components/websites/website-form';
import { removeWebsite } from '@/lib/dashboard/actions/websites';

export interface WebsiteCardProps {
  orgSlug: string;
  website: WebsiteValues & { public_key: string; ticketCount: number; openTicketCount: number };
  snippet: string;
  canManage: boolean;
  /** Rendered by the server: it says how long ago, which would drift between render and hydration here. */
  refusedOrigins?: ReactNode;
}

/** One website: its ticket counts, allowed origins, the embed snippet, and (admins) edit/remove. */
export function WebsiteCard({ orgSlug, website, snippet, canManage, refusedOrigins }: WebsiteCardProps) {
  const [editing, edit] = useDisclosure(false);
  const [confirming, confirm] = useDisclosure(false);
  const remove = useFormAction(removeWebsite);

  return (
    <Card withBorder padding="lg" component="article" aria-label={website.name} data-testid="website-card">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <div>
          <Text fw={600}>{website.name}</Text>
          <Text size="sm" c="dimmed">
            {website.domain}
          </Text>
        </div>
        <Group gap={6}>
          <Badge variant="light" color="orange" data-testid="website-open-tickets">
            {website.openTicketCount} open
          </Badge>
          <Badge variant="light" color="gray" data-testid="website-tickets">
            {website.ticketCount} tickets
          </Badge>
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mt="sm">
        Widget key (issued by Concierge, never reused)
      </Text>
      <Code data-testid="website-key">{website.public_key}</Code>
      <Text size="xs" c="dimmed" mt="sm">
        Allowed origins
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {website.allowed_origins.length > 0 ? website.allowed_origins.join(', ') : 'None yet: the widget will not open anywhere'}
      </Text>
      {refusedOrigins}
      <Group justify="space-between" mt="sm" mb={4} wrap="nowrap">
        <Text size="xs" c="dimmed">
          Embed snippet
        </Text>
        <CopyButton value={snippet}>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant={copied ? 'light' : 'subtle'} onClick={copy} aria-label={`Copy the embed snippet of ${website.name}`}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {snippet}
      </Code>
      <Text size="sm" mt="sm">
        {/* a full page load: the demo page embeds the widget, a script outside React */}
        <Anchor href={`/demo/org/${orgSlug}?site=${encodeURIComponent(website.domain)}`}>Try the widget on a demo page</Anchor>
      </Text>
      {canManage && (
        <Group mt="md" gap="xs">
          <Button size="xs" variant="default" onClick={edit.open}>
            Edit
          </Button>
          <Button size="xs" variant="subtle" color="red" onClick={confirm.open}>
            Remove
          </Button>
        </Group>
      )}
      <Modal opened={editing} onClose={edit.close} title={`Edit ${website.name}`} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
        <WebsiteForm orgSlug={orgSlug} website={website} />
      </Modal>
      <Modal opened={confirming} onClose={confirm.close} title={`Remove ${website.name}?`} closeButtonProps={{ 'aria-label': 'Close' }}>
        <form {...remove.formProps}>
          <Stack gap="sm">
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="websiteId" value={website.id} />
            <Text size="sm">
              The chat stops working on {website.domain}. Its {website.ticketCount} tickets and their conversations stay, without a website.
            </Text>
            <FormStatus state={remove.state} />
            <Group justify="flex-end">
              <Button variant="default" onClick={confirm.close}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={remove.pending}>
                Remove website
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
