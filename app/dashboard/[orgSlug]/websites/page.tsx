import { Card, SimpleGrid, Stack, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { RefusedOrigins } from '@/components/websites/refused-origins';
import { WebsiteCard } from '@/components/websites/website-card';
import { WebsiteForm } from '@/components/websites/website-form';
import { appOrigin } from '@/lib/dashboard/app-origin';
import { getOrgContext } from '@/lib/dashboard/context';
import { listWebsites } from '@/lib/data/websites';

export const metadata: Metadata = { title: 'Websites' };

/** The sites that embed the chat widget, with ticket counts; admins manage them here. */
export default async function WebsitesPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  const [websites, origin] = await Promise.all([listWebsites(ctx.supabase), appOrigin()]);

  return (
    <Stack gap="md">
      <PageHeader
        title="Websites"
        description={ctx.can.manage ? 'Add the sites your chat widget runs on.' : 'The sites your chat widget runs on. Admins manage them.'}
      />
      {websites.length === 0 ? (
        <EmptyState title="No websites yet">
          {ctx.can.manage ? 'Add your first website below, then paste its snippet into your pages.' : 'An admin adds them.'}
        </EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {websites.map((w) => (
            <WebsiteCard
              key={w.id}
              orgSlug={ctx.org.slug}
              website={w}
              canManage={ctx.can.manage}
              refusedOrigins={w.refusedOrigins.length > 0 && <RefusedOrigins origins={w.refusedOrigins} canManage={ctx.can.manage} />}
              snippet={`<script src="${origin}/widget.js" data-website-id="${w.public_key}" async></script>`}
            />
          ))}
        </SimpleGrid>
      )}
      {ctx.can.manage && (
        <Card withBorder padding="lg">
          <Title order={2} size="h4" mb="sm">
            Add a website
          </Title>
          <WebsiteForm orgSlug={ctx.org.slug} />
        </Card>
      )}
    </Stack>
  );
}
