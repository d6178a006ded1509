import {
  Badge,
  Card,
  Code,
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
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { CreateWebhookForm, EndpointActions, RedeliverButton } from '@/components/webhooks/webhook-forms';
import { getOrgContext } from '@/lib/dashboard/context';
import { age, dateTime } from '@/lib/dashboard/format';
import { requireRole } from '@/lib/dashboard/require-role';
import { listWebhookDeliveries, listWebhookEndpoints } from '@/lib/data/webhooks';

export const metadata: Metadata = { title: 'Webhooks' };

const STATUS_COLOR: Record<string, string> = { pending: 'yellow', sending: 'blue', succeeded: 'teal', failed: 'red' };

/**
 * Admins subscribe their own systems to desk events and see every delivery with the receiver's
 * answer (403 for the other roles: no loading boundary above this page, so the status is real).
 */
export default async function WebhooksPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  requireRole(ctx, 'admin');
  const [endpoints, deliveries] = await Promise.all([listWebhookEndpoints(ctx.supabase), listWebhookDeliveries(ctx.supabase, { limit: 100 })]);
  const urlOf = new Map(endpoints.map((e) => [e.id, e.url]));
  return (
    <Stack gap="md" maw={1100}>
      <PageHeader
        title="Webhooks"
        description={
          <>
            {ctx.org.name} POSTs each subscribed event to your URL as JSON <Code>{'{type, timestamp, data}'}</Code> (ids only), signed in the Standard
            Webhooks format (<Code>webhook-id</Code>, <Code>webhook-timestamp</Code>, <Code>webhook-signature</Code>). Failed deliveries are retried
            with backoff for about three hours.
          </>
        }
      />
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Add an endpoint
        </Title>
        <CreateWebhookForm orgSlug={ctx.org.slug} />
      </Card>
      {endpoints.length === 0 ? (
        <EmptyState title="No webhook endpoints yet">Add one above to receive events in your own systems.</EmptyState>
      ) : (
        <Stack gap="sm" data-testid="webhook-endpoints">
          <Title order={2} size="h4">
            Endpoints
          </Title>
          {endpoints.map((e) => (
            <Card key={e.id} withBorder padding="md" data-testid="webhook-endpoint">
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {e.url}
                  </Text>
                  <Badge color={e.enabled ? 'teal' : 'gray'} variant="light">
                    {e.enabled ? 'active' : 'paused'}
                  </Badge>
                </Group>
                {e.description && (
                  <Text size="sm" c="dimmed">
                    {e.description}
                  </Text>
                )}
                <Group gap={4}>
                  {e.events.map((event) => (
                    <Badge key={event} size="sm" variant="outline">
                      {event}
                    </Badge>
                  ))}
                </Group>
                <Text size="xs" c="dimmed">
                  Secret ending in <Code>…{e.secret_hint}</Code>, added {age(e.created_at)} ago
                </Text>
                <EndpointActions orgSlug={ctx.org.slug} endpointId={e.id} url={e.url} enabled={e.enabled} />
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
      <Title order={2} size="h4">
        Recent deliveries
      </Title>
      {deliveries.length === 0 ? (
        <EmptyState title="No deliveries yet">Events appear here as soon as they are queued for an endpoint.</EmptyState>
      ) : (
        <Card withBorder padding={0}>
          <TableScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Webhook deliveries" data-testid="webhook-deliveries">
              <TableThead>
                <TableTr>
                  <TableTh>Event</TableTh>
                  <TableTh>Endpoint</TableTh>
                  <TableTh>Status</TableTh>
                  <TableTh>Attempts</TableTh>
                  <TableTh>Response</TableTh>
                  <TableTh>Queued</TableTh>
                  <TableTh aria-label="Actions" />
                </TableTr>
              </TableThead>
              <TableTbody>
                {deliveries.map((d) => (
                  <TableTr key={d.id} data-testid="webhook-delivery">
                    <TableTd>
                      <Text size="sm" ff="monospace">
                        {d.event_type}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {d.id}
                      </Text>
                    </TableTd>
                    <TableTd>
                      <Text size="sm" lineClamp={1} style={{ overflowWrap: 'anywhere' }}>
                        {urlOf.get(d.endpoint_id) ?? '—'}
                      </Text>
                    </TableTd>
                    <TableTd>
                      <Badge color={STATUS_COLOR[d.status]} variant="light">
                        {d.status}
                      </Badge>
                      {d.status === 'pending' && d.attempts > 0 && d.next_attempt_at && (
                        <Text size="xs" c="dimmed" title={dateTime(d.next_attempt_at)}>
                          retry at {dateTime(d.next_attempt_at)}
                        </Text>
                      )}
                    </TableTd>
                    <TableTd>
                      <Text size="sm">{d.attempts}</Text>
                    </TableTd>
                    <TableTd maw={320}>
                      <Text size="sm">{d.response_status ?? '—'}</Text>
                      {(d.error_message || d.response_excerpt) && (
                        <Text size="xs" c="dimmed" lineClamp={3} style={{ overflowWrap: 'anywhere' }}>
                          {d.error_message ?? d.response_excerpt}
                        </Text>
                      )}
                    </TableTd>
                    <TableTd>
                      <Text size="sm" title={dateTime(d.created_at)}>
                        {age(d.created_at)} ago
                      </Text>
                    </TableTd>
                    <TableTd>{d.status !== 'sending' && <RedeliverButton orgSlug={ctx.org.slug} deliveryId={d.id} />}</TableTd>
                  </TableTr>
                ))}
              </TableTbody>
            </Table>
          </TableScrollContainer>
        </Card>
      )}
    </Stack>
  );
}
