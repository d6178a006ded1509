import { Card, Stack, Text, Title } from '@mantine/core';
import { AnchorLink } from '@/components/ui/links';
import { age, dateTime } from '@/lib/dashboard/format';
import type { ConversationDetail } from '@/lib/data/conversations';

/**
 * Who the customer is: what the ticket and the visitor record know about them. With `orgSlug`
 * (on ticket and conversation pages) it links to the customer's page with their whole history.
 */
export function CustomerCard({
  name,
  email,
  visitor,
  website,
  orgSlug,
}: {
  name?: string | null;
  email?: string | null;
  visitor: ConversationDetail['visitor'];
  website: { name: string; domain: string } | null;
  orgSlug?: string;
}) {
  const rows: [string, string][] = [
    ['Name', name ?? visitor?.name ?? '—'],
    ['Email', email ?? visitor?.email ?? '—'],
  ];
  if (visitor?.external_id) rows.push(['Customer id', visitor.external_id]);
  if (website) rows.push(['Website', `${website.name} (${website.domain})`]);
  if (visitor) rows.push(['First seen', dateTime(visitor.first_seen_at)], ['Last seen', `${age(visitor.last_seen_at)} ago`]);
  const meta = visitor?.metadata && typeof visitor.metadata === 'object' && !Array.isArray(visitor.metadata) ? visitor.metadata : {};
  for (const [k, v] of Object.entries(meta).slice(0, 8)) rows.push([k, typeof v === 'string' ? v : JSON.stringify(v)]);

  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">
        Customer
      </Title>
      <Stack gap={6} component="dl" m={0}>
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text component="dt" size="xs" c="dimmed">
              {label}
            </Text>
            <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
              {value}
            </Text>
          </div>
        ))}
      </Stack>
      {orgSlug && visitor && (
        <AnchorLink href={`/dashboard/${orgSlug}/customers/${visitor.id}`} size="sm" mt="sm" display="block" data-testid="customer-page-link">
          All of this customer&apos;s activity
        </AnchorLink>
      )}
    </Card>
  );
}
