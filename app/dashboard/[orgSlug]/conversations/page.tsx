import {
  Alert,
  Badge,
  Button,
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
  TextInput,
} from '@mantine/core';
import type { Metadata } from 'next';
import { ChannelIcon } from '@/components/integrations/channel-icon';
import { ConversationStateBadge } from '@/components/conversations/state-badge';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { Pager } from '@/components/dashboard/pager';
import { LiveRefresh } from '@/components/live/live-refresh';
import { MessageResults } from '@/components/inbox/message-results';
import { AnchorLink, ButtonLink } from '@/components/ui/links';
import { getOrgContext, type OrgContext } from '@/lib/dashboard/context';
import { age, dateTime, pageParam, stringParam } from '@/lib/dashboard/format';
import { LabelBadge } from '@/components/labels/label-badge';
import { SlaBadge } from '@/components/tickets/sla-badge';
import { INBOX_VIEWS, getInboxCounts, listInbox, type InboxRow, type InboxView } from '@/lib/data/conversations';
import { getInboxLabelCounts } from '@/lib/data/labels';
import { slaClocksByRef } from '@/lib/data/tickets';
import { slaState, type SlaClock } from '@/lib/dashboard/sla';
import { searchMessages } from '@/lib/data/messages';
import { messageSearch, UUID } from '@/lib/validation';

export const metadata: Metadata = { title: 'Conversations' };

const PAGE_SIZE = 50;

const VIEWS: Record<InboxView, { label: string; empty: string; hint: string }> = {
  needs_reply: {
    label: 'Needs reply',
    empty: 'Nobody is waiting for a reply',
    hint: 'When a visitor asks for a person or writes back after your reply, the conversation appears here within a few seconds.',
  },
  mine: { label: 'Mine', empty: 'Nothing open is assigned to you', hint: 'Conversations assigned to you appear here until they are resolved.' },
  unassigned: {
    label: 'Unassigned',
    empty: 'Every waiting conversation has someone',
    hint: 'Conversations waiting for the team with nobody assigned appear here.',
  },
  waiting_on_customer: {
    label: 'Waiting on customer',
    empty: 'No conversation is waiting on a customer',
    hint: 'After a person replies, the conversation waits here for the customer to answer.',
  },
  resolved: { label: 'Resolved', empty: 'Nothing resolved yet', hint: 'Resolved conversations appear here; a new customer message reopens them.' },
  all: {
    label: 'All',
    empty: 'No conversations yet',
    hint: 'Conversations appear once a visitor writes through the widget on one of your websites or a channel.',
  },
};

/** The inbox: one view of the conversations (or a message search), updated live as conversations change. */
export default async function ConversationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await getOrgContext((await params).orgSlug);
  const sp = await searchParams;
  const viewParam = stringParam(sp.view);
  const view = INBOX_VIEWS.find((v) => v === viewParam) ?? 'needs_reply';
  const page = pageParam(sp.page);
  const rawQuery = stringParam(sp.q);
  const rawLabel = stringParam(sp.label);
  const labelId = rawLabel && UUID.test(rawLabel) ? rawLabel : undefined;
  const search = rawQuery === undefined ? undefined : messageSearch.safeParse(rawQuery);
  const base = `/dashboard/${ctx.org.slug}/conversations`;

  return (
    <Stack gap="md">
      <PageHeader
        title="Conversations"
        description="Everything your visitors wrote, by what it needs from the team. The longest wait comes first."
        actions={<LiveRefresh events={['messages_created', 'conversations_changed', 'tickets_changed']} />}
      />
      <form action={base} method="get" role="search" aria-label="Message search">
        <Group gap="xs" align="flex-end">
          <TextInput
            name="q"
            label="Search messages"
            placeholder='Words, "a phrase", -excluded'
            defaultValue={rawQuery ?? ''}
            maxLength={200}
            style={{ flex: 1, maxWidth: 420 }}
          />
          <Button type="submit" variant="default">
            Search
          </Button>
        </Group>
      </form>
      {search === undefined ? (
        <InboxView ctx={ctx} view={view} page={page} base={base} labelId={labelId} />
      ) : search.success ? (
        <SearchResults ctx={ctx} query={search.data} page={page} base={base} />
      ) : (
        <Alert color="red" title="Cannot search for that" role="alert">
          Search for 1 to 200 characters. <AnchorLink href={base}>Back to the inbox</AnchorLink>
        </Alert>
      )}
    </Stack>
  );
}

/** The inbox URL of a view, with the label filter kept (or changed). */
function viewHref(base: string, view: InboxView, labelId?: string) {
  const params = new URLSearchParams();
  if (view !== 'needs_reply') params.set('view', view);
  if (labelId) params.set('label', labelId);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

async function InboxView({ ctx, view, page, base, labelId }: { ctx: OrgContext; view: InboxView; page: number; base: string; labelId?: string }) {
  const [list, counts, labels] = await Promise.all([
    listInbox(ctx.supabase, { view, userId: ctx.user.userId, page, pageSize: PAGE_SIZE, labelId }),
    getInboxCounts(ctx.supabase),
    getInboxLabelCounts(ctx.supabase),
  ]);
  const labelById = new Map(labels.map((l) => [l.label_id, l]));
  const current = labelId ? labelById.get(labelId) : undefined;
  // the tickets' SLA, as the tickets list shows it: breached, due soon or running, met
  const slaByRef = await slaClocksByRef(ctx.supabase, { refs: list.rows.flatMap((c) => c.tickets.map((t) => t.ref)) });
  return (
    <>
      <Group gap="xs" component="nav" aria-label="Inbox views">
        {INBOX_VIEWS.map((v) => (
          <ButtonLink
            key={v}
            href={viewHref(base, v, labelId)}
            size="xs"
            radius="xl"
            variant={view === v ? 'filled' : 'default'}
            aria-current={view === v ? 'page' : undefined}
            data-testid={`view-${v}`}
          >
            {VIEWS[v].label} · {counts[v]}
          </ButtonLink>
        ))}
      </Group>
      {labels.length > 0 && (
        <Group gap={6} component="nav" aria-label="Filter by label" data-testid="label-filter">
          {labels.map((l) => (
            <AnchorLink
              key={l.label_id}
              href={viewHref(base, view, l.label_id === labelId ? undefined : l.label_id)}
              aria-current={l.label_id === labelId ? 'true' : undefined}
              aria-label={`${l.label_id === labelId ? 'Stop filtering by' : 'Filter by'} ${l.name}, ${l.open_conversations} open`}
              underline="never"
              style={{ outline: l.label_id === labelId ? '2px solid var(--mantine-color-blue-6)' : undefined, borderRadius: 16 }}
            >
              <LabelBadge name={l.name} color={l.color} count={Number(l.open_conversations)} />
            </AnchorLink>
          ))}
        </Group>
      )}
      {current && (
        <Text size="sm" aria-live="polite" data-testid="label-filter-note">
          Only conversations labelled <b>{current.name}</b>. <AnchorLink href={viewHref(base, view)}>Show all</AnchorLink>
        </Text>
      )}
      {list.rows.length === 0 ? (
        <EmptyState title={page > 1 ? 'No conversations on this page' : VIEWS[view].empty}>
          {page > 1 ? <AnchorLink href={viewHref(base, view, labelId)}>Back to the first page</AnchorLink> : VIEWS[view].hint}
        </EmptyState>
      ) : (
        <InboxTable rows={list.rows} view={view} base={base} orgSlug={ctx.org.slug} labelById={labelById} slaByRef={slaByRef} />
      )}
      <Pager page={page} pageSize={PAGE_SIZE} total={list.total} label="conversations" />
    </>
  );
}

/** A ticket's SLA badge in its conversation's row; nothing when its priority has no targets. */
function InboxSlaBadge({ clock }: { clock: SlaClock | undefined }) {
  if (!clock || slaState(clock).kind === 'none') return null;
  return <SlaBadge clock={clock} />;
}

/** When the row's clock started: the wait for the team, the wait on the customer, or the last activity. */
function since(c: InboxRow, view: InboxView): { label: string; at: string | null } {
  if (view === 'waiting_on_customer') return { label: 'Waiting on customer', at: c.state_changed_at };
  if (view === 'resolved') return { label: 'Resolved', at: c.state_changed_at };
  if (c.waiting_since) return { label: 'Waiting', at: c.waiting_since };
  return { label: 'Last message', at: c.last_message_at ?? c.created_at };
}

function InboxTable({
  rows,
  view,
  base,
  orgSlug,
  labelById,
  slaByRef,
}: {
  rows: InboxRow[];
  view: InboxView;
  base: string;
  orgSlug: string;
  labelById: Map<string, { name: string; color: string }>;
  slaByRef: Map<string, SlaClock>;
}) {
  return (
    <TableScrollContainer minWidth={820}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label={`${VIEWS[view].label} conversations`}>
        <TableThead>
          <TableTr>
            <TableTh>Visitor</TableTh>
            <TableTh>Summary</TableTh>
            <TableTh>Website</TableTh>
            <TableTh>Status</TableTh>
            <TableTh>Ticket</TableTh>
            <TableTh>Since</TableTh>
          </TableTr>
        </TableThead>
        <TableTbody>
          {rows.map((c) => {
            const ticket = c.tickets[0];
            const clock = since(c, view);
            const unread = c.unread_count ?? 0;
            return (
              <TableTr key={c.id} data-testid="conversation-row" data-unread={unread > 0 ? 'true' : undefined}>
                <TableTd>
                  <Group gap={6} wrap="nowrap">
                    <AnchorLink href={`${base}/${c.id}`} fw={unread > 0 ? 700 : 500}>
                      {c.visitor?.name ?? c.visitor?.email ?? 'Anonymous visitor'}
                    </AnchorLink>
                    {unread > 0 && (
                      <Badge size="sm" color="blue" data-testid="unread-badge" aria-label={`${unread} unread`}>
                        {unread} new
                      </Badge>
                    )}
                  </Group>
                </TableTd>
                <TableTd maw={320}>
                  <Text size="sm" lineClamp={2} c={c.summary ? undefined : 'dimmed'}>
                    {c.summary ?? (c.escalated_reason ? `Escalated: ${c.escalated_reason.replace(/_/g, ' ')}` : '—')}
                  </Text>
                  {c.labels.length > 0 && (
                    <Group gap={4} mt={4}>
                      {c.labels.flatMap(({ label_id }) => {
                        const l = labelById.get(label_id);
                        return l ? [<LabelBadge key={label_id} name={l.name} color={l.color} />] : [];
                      })}
                    </Group>
                  )}
                </TableTd>
                <TableTd>
                  {c.integration ? (
                    <Group gap={6} wrap="nowrap">
                      <ChannelIcon platform={c.integration.platform} size="sm" />
                      <Text size="sm">{c.integration.display_name}</Text>
                    </Group>
                  ) : (
                    (c.website?.name ?? c.channel)
                  )}
                </TableTd>
                <TableTd>
                  <ConversationStateBadge state={c.state} />
                </TableTd>
                <TableTd>
                  {ticket ? (
                    <Stack gap={4} align="flex-start">
                      <AnchorLink href={`/dashboard/${orgSlug}/tickets/${ticket.ref}`} ff="monospace">
                        {ticket.ref}
                      </AnchorLink>
                      <InboxSlaBadge clock={slaByRef.get(ticket.ref)} />
                    </Stack>
                  ) : (
                    '—'
                  )}
                </TableTd>
                <TableTd title={`${clock.label} since ${dateTime(clock.at)}`}>
                  <Text size="sm">{age(clock.at)}</Text>
                  <Text size="xs" c="dimmed">
                    {clock.label}
                  </Text>
                </TableTd>
              </TableTr>
            );
          })}
        </TableTbody>
      </Table>
    </TableScrollContainer>
  );
}

async function SearchResults({ ctx, query, page, base }: { ctx: OrgContext; query: string; page: number; base: string }) {
  const results = await searchMessages(ctx.supabase, { query, page, pageSize: PAGE_SIZE });
  return (
    <>
      <Group justify="space-between">
        <Text size="sm" aria-live="polite">
          Messages matching <b>{query}</b>
        </Text>
        <AnchorLink href={base} size="sm">
          Back to the inbox
        </AnchorLink>
      </Group>
      {results.rows.length === 0 ? (
        <EmptyState title="No message matches">Try fewer or other words; every word must appear in the message.</EmptyState>
      ) : (
        <MessageResults rows={results.rows} query={query} base={base} />
      )}
      <Pager page={page} pageSize={PAGE_SIZE} total={results.total} label="messages" />
    </>
  );
}
