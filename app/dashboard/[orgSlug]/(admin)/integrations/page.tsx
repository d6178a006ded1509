import { Alert, Group, SimpleGrid, Stack } from '@mantine/core';
import type { Metadata } from 'next';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { ConnectButton } from '@/components/integrations/connect-buttons';
import { IntegrationCard } from '@/components/integrations/integration-card';
import { getOrgContext } from '@/lib/dashboard/context';
import { requireRole } from '@/lib/dashboard/require-role';
import { listIntegrations } from '@/lib/data/integrations';

export const metadata: Metadata = { title: 'Integrations' };

/** The organization's Facebook Pages and Zalo Official Accounts: connect, status, last event, reconnect, disconnect (admins only: the others get a 403). */
export default async function IntegrationsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  requireRole(ctx, 'admin');
  const integrations = await listIntegrations(ctx.supabase);
  const broken = integrations.filter((i) => i.status === 'needs_reconnect');

  return (
    <Stack gap="md">
      <PageHeader
        title="Integrations"
        description="Facebook Pages and Zalo Official Accounts whose messages arrive in your queue."
        actions={
          <Group gap="xs">
            <ConnectButton orgSlug={ctx.org.slug} platform="facebook" label="Connect a Facebook Page" />
            <ConnectButton orgSlug={ctx.org.slug} platform="zalo" label="Connect a Zalo OA" />
          </Group>
        }
      />
      {broken.length > 0 && (
        <Alert
          color="red"
          variant="light"
          role="alert"
          title={broken.length === 1 ? 'A channel needs reconnecting' : `${broken.length} channels need reconnecting`}
        >
          Replies to {broken.map((i) => i.display_name).join(', ')} cannot be sent until you reconnect {broken.length === 1 ? 'it' : 'them'}.
        </Alert>
      )}
      {integrations.length === 0 ? (
        <EmptyState title="No channels connected">Messages from a Facebook Page or a Zalo OA appear here once an admin connects one.</EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {integrations.map((i) => (
            <IntegrationCard key={i.id} orgSlug={ctx.org.slug} integration={i} canManage={ctx.can.manage} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
