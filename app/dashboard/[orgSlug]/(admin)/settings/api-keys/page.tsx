import {
  Badge,
  Card,
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
import { getOrgContext } from '@/lib/dashboard/context';
import { requireRole } from '@/lib/dashboard/require-role';
import { age, dateTime } from '@/lib/dashboard/format';
import { listApiKeys } from '@/lib/data/api-keys';
import { serverEnv } from '@/lib/env/server';
import { CreateKeyForm, KeyActions } from './api-key-forms';

export const metadata: Metadata = { title: 'API keys' };

/**
 * Admins manage the keys external systems use to push data into this organization (ingest API).
 * The other roles get the 403 page with status 403 (no loading boundary above the `(admin)` group).
 */
export default async function ApiKeysPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  requireRole(ctx, 'admin');
  const ingestUrl = `${serverEnv().NEXT_PUBLIC_SUPABASE_URL}/functions/v1/ingest`;
  const description = (
    <>
      Keys let your own systems send visitors, chats, messages and events to {ctx.org.name} through the ingest API (
      <a href={`${ingestUrl}/openapi.json`} target="_blank" rel="noreferrer">
        OpenAPI document
      </a>
      ). Whatever a key sends lands in {ctx.org.name} only.
    </>
  );
  const keys = await listApiKeys(ctx.supabase);
  return (
    <Stack gap="md" maw={960}>
      <PageHeader title="API keys" description={description} />
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Create a key
        </Title>
        <CreateKeyForm orgSlug={ctx.org.slug} ingestUrl={ingestUrl} />
      </Card>
      {keys.length === 0 ? (
        <EmptyState title="No API keys yet">Create one above to connect your first system.</EmptyState>
      ) : (
        <Card withBorder padding={0}>
          <TableScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="API keys" data-testid="api-keys-table">
              <TableThead>
                <TableTr>
                  <TableTh>Name</TableTh>
                  <TableTh>Key</TableTh>
                  <TableTh>Scopes</TableTh>
                  <TableTh>Created</TableTh>
                  <TableTh>Last used</TableTh>
                  <TableTh>Status</TableTh>
                  <TableTh aria-label="Actions" />
                </TableTr>
              </TableThead>
              <TableTbody>
                {keys.map((k) => (
                  <TableTr key={k.id} data-testid="api-key-row">
                    <TableTd>
                      <Text size="sm" fw={500}>
                        {k.name}
                      </Text>
                    </TableTd>
                    <TableTd>
                      <Text size="sm" ff="monospace">
                        {k.prefix}…
                      </Text>
                    </TableTd>
                    <TableTd>
                      <Group gap={4}>
                        {k.scopes.map((s) => (
                          <Badge key={s} size="sm" variant="light">
                            {s}
                          </Badge>
                        ))}
                      </Group>
                    </TableTd>
                    <TableTd>
                      <Text size="sm" title={dateTime(k.created_at)}>
                        {age(k.created_at)} ago
                      </Text>
                    </TableTd>
                    <TableTd>
                      <Text size="sm" title={k.last_used_at ? dateTime(k.last_used_at) : undefined}>
                        {k.last_used_at ? `${age(k.last_used_at)} ago` : 'Never'}
                      </Text>
                    </TableTd>
                    <TableTd>
                      {k.revoked_at ? (
                        <Badge color="gray" variant="light" title={dateTime(k.revoked_at)}>
                          revoked
                        </Badge>
                      ) : (
                        <Badge color="teal" variant="light">
                          active
                        </Badge>
                      )}
                    </TableTd>
                    <TableTd>
                      <KeyActions orgSlug={ctx.org.slug} keyId={k.id} name={k.name} revoked={k.revoked_at !== null} />
                    </TableTd>
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
