import { Stack, Table, TableScrollContainer, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from '@mantine/core';
import type { Metadata } from 'next';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { AnchorLink } from '@/components/ui/links';
import { Pager } from '@/components/dashboard/pager';
import { getOrgContext } from '@/lib/dashboard/context';
import { age, dateTime, pageParam } from '@/lib/dashboard/format';
import { listVisitors } from '@/lib/data/visitors';

export const metadata: Metadata = { title: 'Visitors' };

const PAGE_SIZE = 25;

/** People who chatted on the organization's websites and channels, most recent first. */
export default async function VisitorsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await getOrgContext((await params).orgSlug);
  const page = pageParam((await searchParams).page);
  const visitors = await listVisitors(ctx.supabase, { page, pageSize: PAGE_SIZE });

  return (
    <Stack gap="md">
      <PageHeader title="Visitors" description="Anonymous until they leave an email or your site identifies them." />
      {visitors.rows.length === 0 ? (
        <EmptyState title="No visitors yet">Visitors appear when someone opens the chat on one of your websites.</EmptyState>
      ) : (
        <TableScrollContainer minWidth={700}>
          <Table striped verticalSpacing="sm" aria-label="Visitors">
            <TableThead>
              <TableTr>
                <TableTh>Visitor</TableTh>
                <TableTh>Customer id</TableTh>
                <TableTh>First seen on</TableTh>
                <TableTh>Conversations</TableTh>
                <TableTh>Last seen</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {visitors.rows.map((v) => (
                <TableTr key={v.id}>
                  <TableTd>
                    <AnchorLink href={`/dashboard/${ctx.org.slug}/customers/${v.id}`} size="sm" fw={500}>
                      {v.name ?? v.email ?? 'Anonymous'}
                    </AnchorLink>
                    {v.name && v.email && (
                      <Text size="xs" c="dimmed">
                        {v.email}
                      </Text>
                    )}
                  </TableTd>
                  <TableTd ff="monospace">{v.external_id ?? '—'}</TableTd>
                  <TableTd>{v.website?.name ?? 'a channel'}</TableTd>
                  <TableTd>{v.conversationCount}</TableTd>
                  <TableTd title={dateTime(v.last_seen_at)}>{age(v.last_seen_at)} ago</TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </TableScrollContainer>
      )}
      <Pager page={page} pageSize={PAGE_SIZE} total={visitors.total} label="visitors" />
    </Stack>
  );
}
