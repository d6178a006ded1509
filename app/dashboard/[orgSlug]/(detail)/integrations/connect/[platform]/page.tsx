import { Alert, Stack, Text } from '@mantine/core';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { FacebookPageChooser } from '@/components/integrations/facebook-page-chooser';
import { AnchorLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { requireRole } from '@/lib/dashboard/require-role';
import { callChannelConnect } from '@/lib/integrations/connect';
import { channelPlatform, PLATFORM_ID } from '@/lib/validation';

export const metadata: Metadata = { title: 'Connect a channel' };

// What the platform put on the callback (through /channels/callback/<platform>): the code and our
// state, Zalo's OA id, or the error of a dialog the admin cancelled.
const callback = z.object({
  code: z.string().min(1).max(2000).optional(),
  state: z.string().min(1).max(4000).optional(),
  oa_id: z.string().regex(PLATFORM_ID).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(500).optional(),
  error_reason: z.string().max(200).optional(),
});

/**
 * The end of a connect flow (admins and owners; a real 403 for others, with no loading boundary
 * above it): Facebook's code becomes the list of the admin's Pages to tick; Zalo's is redeemed at
 * once (one OA per consent). Each step runs in the channel-connect function as this member.
 */
export default async function ConnectChannelPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string; platform: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug, platform: raw } = await params;
  const ctx = await getOrgContext(orgSlug);
  requireRole(ctx, 'admin');
  const platform = channelPlatform.safeParse(raw);
  if (!platform.success) notFound();
  const name = platform.data === 'facebook' ? 'Facebook Pages' : 'a Zalo Official Account';
  const back = { href: `/dashboard/${ctx.org.slug}/integrations`, label: 'Integrations' };
  const query = callback.safeParse(await searchParams);

  const failed = (message: string) => (
    <Stack gap="md">
      <PageHeader title={`Connect ${name}`} back={back} />
      <Alert color="red" variant="light" role="alert" title="Not connected">
        {message}
      </Alert>
      <Text size="sm">
        <AnchorLink href={back.href}>Back to Integrations</AnchorLink> to start again.
      </Text>
    </Stack>
  );

  if (!query.success || query.data.error || !query.data.code || !query.data.state) {
    const reason = query.success ? (query.data.error_description ?? query.data.error_reason) : undefined;
    return failed(reason ? `The platform did not grant access: ${reason}` : 'The sign-in did not finish, so nothing was connected.');
  }
  const { code, state, oa_id } = query.data;

  if (platform.data === 'zalo') {
    if (!oa_id) return failed('Zalo did not say which Official Account was granted.');
    const answer = await callChannelConnect(ctx, { action: 'zalo_connect', code, state, oa_id });
    if (!answer.ok) return failed(answer.message);
    const result = answer.results![0]!;
    if (result.status !== 'connected') return failed(`${result.name}: ${result.message}`);
    return (
      <Stack gap="md">
        <PageHeader title={`Connect ${name}`} back={back} />
        <Alert color="teal" variant="light" title="Connected">
          {result.name} is connected. Its customers&apos; messages now arrive in your queue.
        </Alert>
        <Text size="sm">
          <AnchorLink href={back.href}>Back to Integrations</AnchorLink>
        </Text>
      </Stack>
    );
  }

  const answer = await callChannelConnect(ctx, { action: 'facebook_pages', code, state });
  if (!answer.ok) return failed(answer.message);
  return (
    <Stack gap="md">
      <PageHeader title={`Connect ${name}`} description="Choose the Pages whose Messenger conversations your team answers here." back={back} />
      {answer.pages!.length === 0 ? (
        <EmptyState title="No Pages to connect">Your Facebook account does not manage any Page, or did not grant access to one.</EmptyState>
      ) : (
        <FacebookPageChooser orgSlug={ctx.org.slug} grant={answer.grant!} pages={answer.pages!} />
      )}
    </Stack>
  );
}
