import {
  Badge,
  Card,
  Code,
  Grid,
  GridCol,
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
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { TicketStatusBadge } from '@/components/dashboard/badges';
import { ConversationStateBadge } from '@/components/conversations/state-badge';
import { PageHeader } from '@/components/dashboard/page-header';
import { LiveRefresh } from '@/components/live/live-refresh';
import { CustomerCard } from '@/components/conversations/customer-card';
import { AnchorLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { age, dateTime } from '@/lib/dashboard/format';
import { CUSTOMER_HISTORY_LIMIT, getCustomer, getCustomerHistory } from '@/lib/data/customers';
import { UUID } from '@/lib/validation';

export const metadata: Metadata = { title: 'Customer' };

/** One customer (a visitor, anonymous or identified): their conversations, tickets, article views and events. */
export default async function CustomerPage({ params }: { params: Promise<{ orgSlug: string; id: string }> }) {
  const { orgSlug, id } = await params;
  const ctx = await getOrgContext(orgSlug);
  if (!UUID.test(id)) notFound();
  const customer = await getCustomer(ctx.supabase, { visitorId: id });
  if (!customer) notFound();
  const history = await getCustomerHistory(ctx.supabase, { visitorId: customer.id, email: customer.email });
  const base = `/dashboard/${ctx.org.slug}`;
  const name = customer.name ?? customer.email ?? 'Anonymous visitor';

  return (
    <Stack gap="md">
      <PageHeader
        back={{ href: `${base}/conversations`, label: 'Conversations' }}
        title={name}
        badges={
          customer.external_id ? (
            <Badge variant="light">Identified</Badge>
          ) : (
            <Badge variant="light" color="gray">
              Anonymous
            </Badge>
          )
        }
        description={`First seen ${dateTime(customer.first_seen_at)}${customer.website ? ` on ${customer.website.name}` : ''}`}
        actions={<LiveRefresh events={['messages_created', 'conversations_changed', 'tickets_changed']} />}
      />
      <Grid gap="md">
        <GridCol span={{ base: 12, md: 4 }}>
          <CustomerCard visitor={customer} website={customer.website} />
        </GridCol>
        <GridCol span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Section
              title="Conversations"
              shown={history.conversations.rows.length}
              total={history.conversations.total}
              empty="No conversations yet."
            >
              <Table aria-label="Conversations" verticalSpacing="xs">
                <TableThead>
                  <TableTr>
                    <TableTh>Started</TableTh>
                    <TableTh>Summary</TableTh>
                    <TableTh>Status</TableTh>
                    <TableTh>Last message</TableTh>
                  </TableTr>
                </TableThead>
                <TableTbody>
                  {history.conversations.rows.map((c) => (
                    <TableTr key={c.id} data-testid="customer-conversation">
                      <TableTd>
                        <AnchorLink href={`${base}/conversations/${c.id}`}>{dateTime(c.created_at)}</AnchorLink>
                        <Text size="xs" c="dimmed">
                          {c.website?.name ?? c.channel}
                        </Text>
                      </TableTd>
                      <TableTd maw={280}>
                        <Text size="sm" lineClamp={2} c={c.summary ? undefined : 'dimmed'}>
                          {c.summary ?? '—'}
                        </Text>
                      </TableTd>
                      <TableTd>
                        <ConversationStateBadge state={c.state} />
                      </TableTd>
                      <TableTd title={dateTime(c.last_message_at)}>{c.last_message_at ? `${age(c.last_message_at)} ago` : '—'}</TableTd>
                    </TableTr>
                  ))}
                </TableTbody>
              </Table>
            </Section>
            <Section title="Tickets" shown={history.tickets.length} total={history.tickets.length} empty="No tickets.">
              <Table aria-label="Tickets" verticalSpacing="xs">
                <TableTbody>
                  {history.tickets.map((t) => (
                    <TableTr key={t.id} data-testid="customer-ticket">
                      <TableTd>
                        <AnchorLink href={`${base}/tickets/${t.ref}`} ff="monospace">
                          {t.ref}
                        </AnchorLink>
                      </TableTd>
                      <TableTd>{t.subject}</TableTd>
                      <TableTd>
                        <TicketStatusBadge status={t.status} />
                      </TableTd>
                      <TableTd title={dateTime(t.created_at)}>{age(t.created_at)} ago</TableTd>
                    </TableTr>
                  ))}
                </TableTbody>
              </Table>
            </Section>
            <Section
              title="Article views"
              shown={history.articleViews.rows.length}
              total={history.articleViews.total}
              empty="No article views recorded."
            >
              <Table aria-label="Article views" verticalSpacing="xs">
                <TableTbody>
                  {history.articleViews.rows.map((v) => (
                    <TableTr key={v.id} data-testid="customer-article-view">
                      <TableTd>{v.article?.title ?? v.title ?? v.url ?? 'Untitled article'}</TableTd>
                      <TableTd>
                        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                          {v.url ?? ''}
                        </Text>
                      </TableTd>
                      <TableTd title={dateTime(v.viewed_at)}>{age(v.viewed_at)} ago</TableTd>
                    </TableTr>
                  ))}
                </TableTbody>
              </Table>
            </Section>
            <Section title="Events" shown={history.events.rows.length} total={history.events.total} empty="No events recorded.">
              <Table aria-label="Events" verticalSpacing="xs">
                <TableTbody>
                  {history.events.rows.map((e) => (
                    <TableTr key={e.id} data-testid="customer-event">
                      <TableTd ff="monospace">{e.name}</TableTd>
                      <TableTd>
                        <Code style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{JSON.stringify(e.properties).slice(0, 300)}</Code>
                      </TableTd>
                      <TableTd title={dateTime(e.occurred_at)}>{age(e.occurred_at)} ago</TableTd>
                    </TableTr>
                  ))}
                </TableTbody>
              </Table>
            </Section>
          </Stack>
        </GridCol>
      </Grid>
    </Stack>
  );
}

function Section({ title, shown, total, empty, children }: { title: string; shown: number; total: number; empty: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={2} size="h5" mb="xs">
        {title} · {total}
      </Title>
      {shown === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <TableScrollContainer minWidth={520}>{children}</TableScrollContainer>
      )}
      {total > shown && (
        <Text size="xs" c="dimmed" mt="xs">
          The latest {Math.min(shown, CUSTOMER_HISTORY_LIMIT)} of {total}.
        </Text>
      )}
    </Card>
  );
}
