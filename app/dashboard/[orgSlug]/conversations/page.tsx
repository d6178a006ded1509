import { Group, Stack, Table, TableScrollContainer, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from '@mantine/core';
import type { Metadata } from 'next';
import { ConversationStatusBadge } from '@/components/dashboard/badges';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { Pager } from '@/components/dashboard/pager';
import { AutoRefresh } from '@/components/conversations/auto-refresh';
import { AnchorLink, ButtonLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { age, dateTime, pageParam, stringParam } from '@/lib/dashboard/format';
import { countEscalated, listConversations, type ConversationView } from '@/lib/data/conversations';

export const metadata: Metadata = { title: 'Conversations' };

const PAGE_SIZE = 50;

/** The escalation queue (default) and every conversation; refreshes itself every few seconds. */
export default async function ConversationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await getOrgContext((await params).orgSlug);
  const sp = await searchParams;
  const view: ConversationView = stringParam(sp.view) === 'all' ? 'all' : 'escalated';
  const page = pageParam(sp.page);
  const [list, queued] = await Promise.all([listConversations(ctx.supabase, { view, page, pageSize: PAGE_SIZE }), countEscalated(ctx.supabase)]);
  const base = `/dashboard/${ctx.org.slug}/conversations`;

  return (
    <Stack gap="md">
      <PageHeader
        title="Conversations"
        description="Chats from your websites and channels. The queue holds those waiting for a person."
        actions={<AutoRefresh />}
      />
      <Group gap="xs" component="nav" aria-label="Conversation views">
        <ButtonLink
          href={base}
          size="xs"
          radius="xl"
          variant={view === 'escalated' ? 'filled' : 'default'}
          aria-current={view === 'escalated' ? 'page' : undefined}
        >
          Escalation queue · {queued}
        </ButtonLink>
        <ButtonLink
          href={`${base}?view=all`}
          size="xs"
          radius="xl"
          variant={view === 'all' ? 'filled' : 'default'}
          aria-current={view === 'all' ? 'page' : undefined}
        >
          All conversations
        </ButtonLink>
      </Group>
      {list.rows.length === 0 ? (
        <EmptyState title={view === 'escalated' ? 'Nobody is waiting for a person' : 'No conversations yet'}>
          {view === 'escalated'
            ? 'When the assistant hands a chat over, it appears here within a few seconds.'
            : 'Conversations start when visitors chat through the widget on one of your websites.'}
        </EmptyState>
      ) : (
        <TableScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label={view === 'escalated' ? 'Escalation queue' : 'All conversations'}>
            <TableThead>
              <TableTr>
                <TableTh>Visitor</TableTh>
                <TableTh>Summary</TableTh>
                <TableTh>Website</TableTh>
                <TableTh>Status</TableTh>
                <TableTh>Ticket</TableTh>
                <TableTh>{view === 'escalated' ? 'Waiting' : 'Last message'}</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {list.rows.map((c) => {
                const ticket = c.tickets[0];
                const when = view === 'escalated' ? c.escalated_at : (c.last_message_at ?? c.created_at);
                return (
                  <TableTr key={c.id} data-testid="conversation-row">
                    <TableTd>
                      <AnchorLink href={`${base}/${c.id}`} fw={600}>
                        {c.visitor?.name ?? c.visitor?.email ?? 'Anonymous visitor'}
                      </AnchorLink>
                    </TableTd>
                    <TableTd maw={320}>
                      <Text size="sm" lineClamp={2} c={c.summary ? undefined : 'dimmed'}>
                        {c.summary ?? (c.escalated_reason ? `Escalated: ${c.escalated_reason.replace(/_/g, ' ')}` : '—')}
                      </Text>
                    </TableTd>
                    <TableTd>{c.website?.name ?? c.channel}</TableTd>
                    <TableTd>
                      <ConversationStatusBadge status={c.status} escalated={c.is_escalated} resolved={c.is_resolved} />
                    </TableTd>
                    <TableTd>
                      {ticket ? (
                        <AnchorLink href={`/dashboard/${ctx.org.slug}/tickets/${ticket.ref}`} ff="monospace">
                          {ticket.ref}
                        </AnchorLink>
                      ) : (
                        '—'
                      )}
                    </TableTd>
                    <TableTd title={dateTime(when)}>{age(when)}</TableTd>
                  </TableTr>
                );
              })}
            </TableTbody>
          </Table>
        </TableScrollContainer>
      )}
      <Pager page={page} pageSize={PAGE_SIZE} total={list.total} label="conversations" />
    </Stack>
  );
}
