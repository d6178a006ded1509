import { Group, Stack, Table, TableScrollContainer, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from '@mantine/core';
import type { Metadata } from 'next';
import { PriorityBadge, TicketStatusBadge } from '@/components/dashboard/badges';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { Pager } from '@/components/dashboard/pager';
import { SlaBadge } from '@/components/tickets/sla-badge';
import { TicketFilters } from '@/components/tickets/ticket-filters';
import { LabelBadge } from '@/components/labels/label-badge';
import { LiveRefresh } from '@/components/live/live-refresh';
import { AnchorLink, ButtonLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { age, dateTime, displayName, pageParam, stringParam } from '@/lib/dashboard/format';
import { pageRange } from '@/lib/dashboard/paging';
import { getTicketLabelCounts } from '@/lib/data/labels';
import { listMembers } from '@/lib/data/members';
import { countTicketsByStatus, listTickets, type TicketStatus } from '@/lib/data/tickets';
import { listWebsiteOptions } from '@/lib/data/websites';
import { TICKET_STATUSES, USER_ID, UUID } from '@/lib/validation';

export const metadata: Metadata = { title: 'Tickets' };

const PAGE_SIZE = 25;

type SearchParams = Record<string, string | string[] | undefined>;

export default async function TicketsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<SearchParams> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  const sp = await searchParams;
  const statusParam = stringParam(sp.status);
  const status = TICKET_STATUSES.find((s) => s === statusParam);
  const website = stringParam(sp.website);
  const assignee = stringParam(sp.assignee);
  const search = stringParam(sp.q);
  const rawLabel = stringParam(sp.label);
  const labelId = rawLabel && UUID.test(rawLabel) ? rawLabel : undefined;
  const page = pageParam(sp.page);
  const sla = SLA_FILTERS.find((f) => f.value === stringParam(sp.sla))?.value;
  const sort = stringParam(sp.sort) === 'due' ? 'due' : undefined;
  // the status counts already give the total unless another filter narrows the list
  const narrowed = Boolean(website || assignee || search || labelId || sla);

  const [tickets, counts, websites, members, labels] = await Promise.all([
    listTickets(ctx.supabase, {
      status,
      websiteId: website && UUID.test(website) ? website : undefined,
      assignee: assignee === 'none' || (assignee && USER_ID.test(assignee)) ? assignee : undefined,
      search,
      labelId,
      sla,
      sort,
      page,
      pageSize: PAGE_SIZE,
      withTotal: narrowed,
    }),
    countTicketsByStatus(ctx.supabase),
    listWebsiteOptions(ctx.supabase),
    listMembers(ctx.supabase, { organizationId: ctx.org.id }),
    getTicketLabelCounts(ctx.supabase),
  ]);
  const labelById = new Map(labels.map((l) => [l.label_id, l]));
  const currentLabel = labelId ? labelById.get(labelId) : undefined;
  const base = `/dashboard/${ctx.org.slug}/tickets`;
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const filtered = Boolean(status || narrowed);
  const total = tickets.total ?? (status ? counts[status] : all);
  const range = pageRange(page, PAGE_SIZE, total);

  return (
    <Stack gap="md">
      <PageHeader
        title="Tickets"
        description={`Conversations your team took over from the assistant in ${ctx.org.name}.`}
        actions={<LiveRefresh events={['tickets_changed', 'conversations_changed']} />}
      />
      <Group gap="xs" component="nav" aria-label="Ticket status">
        <StatusLink href={withParams(base, sp, { status: undefined })} active={!status} label="All" count={all} />
        {TICKET_STATUSES.map((s) => (
          <StatusLink key={s} href={withParams(base, sp, { status: s })} active={status === s} label={s} count={counts[s]} />
        ))}
      </Group>
      <Group gap="lg" wrap="wrap">
        <Group gap="xs" component="nav" aria-label="SLA">
          <Text size="sm" fw={500}>
            SLA
          </Text>
          <FilterLink href={withParams(base, sp, { sla: undefined })} active={!sla} label="Any" />
          {SLA_FILTERS.map((f) => (
            <FilterLink key={f.value} href={withParams(base, sp, { sla: f.value })} active={sla === f.value} label={f.label} />
          ))}
        </Group>
        <Group gap="xs" component="nav" aria-label="Sort tickets">
          <Text size="sm" fw={500}>
            Sort
          </Text>
          <FilterLink href={withParams(base, sp, { sort: undefined })} active={!sort} label="Newest first" />
          <FilterLink href={withParams(base, sp, { sort: 'due' })} active={sort === 'due'} label="SLA due first" />
        </Group>
      </Group>
      <TicketFilters
        websites={websites.map((w) => ({ value: w.id, label: w.name }))}
        assignees={[
          { value: 'none', label: 'Unassigned' },
          // viewers cannot be assigned tickets, so filtering by one would always come back empty
          ...members.filter((m) => m.role !== 'viewer').map((m) => ({ value: m.user_id, label: displayName(m.user) })),
        ]}
      />
      {labels.length > 0 && (
        <Group gap={6} component="nav" aria-label="Filter tickets by label" data-testid="ticket-label-filter">
          {labels.map((l) => (
            <AnchorLink
              key={l.label_id}
              href={withParams(base, sp, { label: l.label_id === labelId ? undefined : l.label_id })}
              aria-current={l.label_id === labelId ? 'true' : undefined}
              aria-label={`${l.label_id === labelId ? 'Stop filtering by' : 'Filter by'} ${l.name}, ${l.tickets} ticket${Number(l.tickets) === 1 ? '' : 's'}`}
              underline="never"
              style={{ outline: l.label_id === labelId ? '2px solid var(--mantine-color-blue-6)' : undefined, borderRadius: 16 }}
            >
              <LabelBadge name={l.name} color={l.color} count={Number(l.tickets)} />
            </AnchorLink>
          ))}
        </Group>
      )}
      {currentLabel && (
        <Text size="sm" aria-live="polite" data-testid="ticket-label-filter-note">
          Only tickets labelled <b>{currentLabel.name}</b>. <AnchorLink href={withParams(base, sp, { label: undefined })}>Show all labels</AnchorLink>
        </Text>
      )}
      {tickets.rows.length === 0 && range.outOfRange ? (
        <EmptyState title={`There is no page ${page}`}>
          <AnchorLink href={withPage(base, sp, range.pages)}>Go to the last page ({range.pages})</AnchorLink>
        </EmptyState>
      ) : tickets.rows.length === 0 ? (
        <EmptyState title={filtered ? 'No tickets match these filters' : 'No tickets yet'}>
          {filtered ? (
            <AnchorLink href={base}>Clear the filters</AnchorLink>
          ) : (
            <>
              When the assistant hands a conversation to a person, its ticket shows up here.{' '}
              {ctx.can.manage && <AnchorLink href={`/dashboard/${ctx.org.slug}/websites`}>Add a website</AnchorLink>}
            </>
          )}
        </EmptyState>
      ) : (
        <TableScrollContainer minWidth={1000}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label="Tickets">
            <TableThead>
              <TableTr>
                <TableTh>Reference</TableTh>
                <TableTh>Subject</TableTh>
                <TableTh>Customer</TableTh>
                <TableTh>Website</TableTh>
                <TableTh>Status</TableTh>
                <TableTh>Priority</TableTh>
                <TableTh>SLA</TableTh>
                <TableTh>Assignee</TableTh>
                <TableTh>Age</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {tickets.rows.map((t) => (
                <TableTr key={t.id} data-testid="ticket-row">
                  <TableTd>
                    <AnchorLink href={`${base}/${t.ref}`} fw={600} ff="monospace">
                      {t.ref}
                    </AnchorLink>
                  </TableTd>
                  <TableTd maw={320}>
                    <Text size="sm" lineClamp={2}>
                      {t.subject || t.original_query}
                    </Text>
                    {t.labels.length > 0 && (
                      <Group gap={4} mt={4} data-testid="ticket-labels">
                        {t.labels.flatMap(({ label_id }) => {
                          const l = labelById.get(label_id);
                          return l ? [<LabelBadge key={label_id} name={l.name} color={l.color} />] : [];
                        })}
                      </Group>
                    )}
                  </TableTd>
                  <TableTd>
                    <Text size="sm">{t.customer_name ?? t.customer_email ?? '—'}</Text>
                    {t.customer_name && t.customer_email && (
                      <Text size="xs" c="dimmed">
                        {t.customer_email}
                      </Text>
                    )}
                  </TableTd>
                  <TableTd data-testid="ticket-website">
                    {t.website ? (
                      t.website.name
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </TableTd>
                  <TableTd>
                    <TicketStatusBadge status={t.status} />
                  </TableTd>
                  <TableTd>
                    <PriorityBadge priority={t.priority} />
                  </TableTd>
                  <TableTd title={t.next_due_at ? `Next deadline ${dateTime(t.next_due_at)}` : undefined}>
                    <SlaBadge clock={t} />
                  </TableTd>
                  <TableTd>
                    {t.assignee ? (
                      displayName(t.assignee.user)
                    ) : (
                      <Text size="sm" c="dimmed">
                        Unassigned
                      </Text>
                    )}
                  </TableTd>
                  <TableTd title={dateTime(t.created_at)}>{age(t.created_at)}</TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </TableScrollContainer>
      )}
      <Pager page={page} pageSize={PAGE_SIZE} total={total} label="tickets" />
    </Stack>
  );
}

const SLA_FILTERS = [
  { value: 'breached', label: 'SLA breached' },
  { value: 'due_soon', label: 'Due soon' },
] as const;

function FilterLink({ href, active, label }: { href: string; active: boolean; label: string }) {
  return (
    <ButtonLink href={href} size="xs" radius="xl" variant={active ? 'filled' : 'default'} aria-current={active ? 'page' : undefined}>
      {label}
    </ButtonLink>
  );
}

function StatusLink({ href, active, label, count }: { href: string; active: boolean; label: string; count: number }) {
  return (
    <ButtonLink href={href} size="xs" radius="xl" variant={active ? 'filled' : 'default'} aria-current={active ? 'page' : undefined} tt="capitalize">
      {label} · {count}
    </ButtonLink>
  );
}

/** The current query on another page. */
function withPage(base: string, sp: SearchParams, page: number): string {
  const next = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) if (typeof v === 'string' && k !== 'page') next.set(k, v);
  next.set('page', String(page));
  return `${base}?${next.toString()}`;
}

/** The current query with some keys replaced (undefined removes), back to page 1. */
function withParams(
  base: string,
  sp: SearchParams,
  changes: { status?: TicketStatus | undefined; label?: string | undefined; sla?: 'breached' | 'due_soon' | undefined; sort?: 'due' | undefined },
): string {
  const next = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) if (typeof v === 'string' && k !== 'page' && !(k in changes)) next.set(k, v);
  for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v);
  const q = next.toString();
  return q ? `${base}?${q}` : base;
}
