import { Alert, Card, Grid, GridCol, Group, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PriorityBadge, TicketStatusBadge } from '@/components/dashboard/badges';
import { PageHeader } from '@/components/dashboard/page-header';
import { LiveRefresh } from '@/components/live/live-refresh';
import { ThreadLive, ThreadPresence } from '@/components/live/thread-live';
import { CustomerCard } from '@/components/conversations/customer-card';
import { HandlingControls } from '@/components/conversations/handling-controls';
import { ConversationStateBadge } from '@/components/conversations/state-badge';
import { ReplyForm } from '@/components/conversations/reply-form';
import { Thread } from '@/components/conversations/thread';
import { LabelPicker } from '@/components/labels/label-forms';
import { AiContextCard } from '@/components/tickets/ai-context-card';
import { CsatCard } from '@/components/tickets/csat-card';
import { SlaCard } from '@/components/tickets/sla-card';
import { TicketSubjectForm } from '@/components/tickets/subject-form';
import { TicketControls } from '@/components/tickets/ticket-controls';
import { FindExpertCard } from '@/components/team/find-expert-card';
import { AnchorLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { TICKET_REF } from '@/lib/dashboard/ticket-ref';
import { dateTime, displayName } from '@/lib/dashboard/format';
import { cannedOptions } from '@/lib/data/canned-responses';
import { labelIdsOf, listLabels } from '@/lib/data/labels';
import { listTransitions } from '@/lib/data/conversation-state';
import { listCsatRatings } from '@/lib/data/csat';
import { getConversation, markConversationRead } from '@/lib/data/conversations';
import { listMembers } from '@/lib/data/members';
import { listAnswerFeedback, listMessages } from '@/lib/data/messages';
import { getTicketByRef, getTicketSla } from '@/lib/data/tickets';

type Props = { params: Promise<{ orgSlug: string; ref: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { ref } = await params;
  return { title: TICKET_REF.test(ref) ? ref.toUpperCase() : 'Ticket' };
}

/** A ticket: the whole thread, the customer, what the AI knew, and the controls to work it. */
export default async function TicketPage({ params }: Props) {
  const { orgSlug, ref: rawRef } = await params;
  const ctx = await getOrgContext(orgSlug);
  // a reference is plain ASCII, so a URL segment that needs decoding is none (and may not decode)
  if (!TICKET_REF.test(rawRef)) notFound();
  const ref = rawRef.toUpperCase();
  const ticket = await getTicketByRef(ctx.supabase, { ref });
  if (!ticket) notFound();

  const [conversation, messages, transitions, members, ratings, csat, canned, labels, labelIds, sla] = await Promise.all([
    ticket.conversation_id ? getConversation(ctx.supabase, { id: ticket.conversation_id }) : null,
    ticket.conversation_id ? listMessages(ctx.supabase, { conversationId: ticket.conversation_id }) : [],
    ticket.conversation_id ? listTransitions(ctx.supabase, { conversationId: ticket.conversation_id }) : [],
    listMembers(ctx.supabase, { organizationId: ctx.org.id }),
    ticket.conversation_id ? listAnswerFeedback(ctx.supabase, { conversationId: ticket.conversation_id }) : {},
    ticket.conversation_id ? listCsatRatings(ctx.supabase, { conversationId: ticket.conversation_id }) : [],
    ctx.can.work ? cannedOptions(ctx.supabase) : [],
    listLabels(ctx.supabase),
    labelIdsOf(ctx.supabase, { ticketId: ticket.id }),
    getTicketSla(ctx.supabase, { id: ticket.id }),
  ]);
  // the ticket shows the whole thread, so opening it reads the conversation too
  if (conversation) await markConversationRead(ctx.supabase, { conversationId: conversation.id });
  const names = Object.fromEntries(members.map((m) => [m.user_id, displayName(m.user)]));
  const visitorName = ticket.customer_name ?? conversation?.visitor?.name ?? ticket.customer_email ?? 'Visitor';

  const page = (
    <Stack gap="md">
      <PageHeader
        back={{ href: `/dashboard/${ctx.org.slug}/tickets`, label: 'Tickets' }}
        title={
          <>
            <Text span ff="monospace" inherit>
              {ticket.ref}
            </Text>{' '}
            {ticket.subject}
          </>
        }
        badges={
          <Group gap={6}>
            <TicketStatusBadge status={ticket.status} />
            <PriorityBadge priority={ticket.priority} />
            {conversation && <ConversationStateBadge state={conversation.state} />}
          </Group>
        }
        description={`Opened ${dateTime(ticket.created_at)}${ticket.website ? ` on ${ticket.website.name}` : ''}`}
        actions={<LiveRefresh events={['tickets_changed']} ids={[ticket.id]} />}
      />
      <Grid gap="md">
        <GridCol span={{ base: 12, md: 8 }}>
          <Card withBorder>
            <Title order={2} size="h5" mb="sm">
              Conversation
            </Title>
            {conversation ? (
              <Thread messages={messages} transitions={transitions} names={names} visitorName={visitorName} ratings={ratings} />
            ) : (
              <Text c="dimmed" size="sm">
                This ticket was opened without a chat conversation.
              </Text>
            )}
          </Card>
          {conversation && (
            <Card withBorder mt="md">
              <ThreadPresence visitorName={visitorName} />
              {ctx.can.work ? (
                <ReplyForm
                  orgSlug={ctx.org.slug}
                  conversationId={conversation.id}
                  canned={canned}
                  values={{
                    customerName: ticket.customer_name ?? conversation.visitor?.name ?? null,
                    agentName: ctx.user.name,
                    ticketRef: ticket.ref,
                  }}
                />
              ) : (
                <Alert color="gray" title="Read-only" data-testid="read-only-notice">
                  Viewers can read conversations but not reply. Ask an admin for the agent role to work tickets.
                </Alert>
              )}
            </Card>
          )}
        </GridCol>
        <GridCol span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Card withBorder>
              <Title order={2} size="h5" mb="xs">
                Ticket
              </Title>
              {ctx.can.work && (
                <Stack gap="sm" mb="sm">
                  <TicketSubjectForm orgSlug={ctx.org.slug} ticketId={ticket.id} subject={ticket.subject} />
                  {conversation && (
                    <HandlingControls orgSlug={ctx.org.slug} conversationId={conversation.id} state={conversation.state} resolve={false} />
                  )}
                </Stack>
              )}
              {ctx.can.work ? (
                <TicketControls
                  orgSlug={ctx.org.slug}
                  ticketId={ticket.id}
                  status={ticket.status}
                  priority={ticket.priority}
                  assigneeId={ticket.assignee_id}
                  members={members.filter((m) => m.role !== 'viewer').map((m) => ({ value: m.user_id, label: displayName(m.user) }))}
                />
              ) : (
                <Text size="sm">Assignee: {ticket.assignee ? displayName(ticket.assignee.user) : 'Unassigned'}</Text>
              )}
              {ticket.resolved_at && (
                <Text size="sm" c="dimmed" mt="sm" data-testid="resolution">
                  Resolved by {names[ticket.resolved_by ?? ''] ?? ticket.resolved_by ?? 'unknown'} at {dateTime(ticket.resolved_at)}
                </Text>
              )}
              {conversation && (
                <AnchorLink href={`/dashboard/${ctx.org.slug}/conversations/${conversation.id}`} size="sm" mt="sm" display="block">
                  Open the conversation
                </AnchorLink>
              )}
            </Card>
            {sla && <SlaCard sla={sla} orgSlug={ctx.org.slug} priority={ticket.priority} canManage={ctx.can.manage} />}
            <CustomerCard
              name={ticket.customer_name}
              email={ticket.customer_email}
              visitor={conversation?.visitor ?? null}
              website={ticket.website}
              orgSlug={ctx.org.slug}
            />
            {conversation && <CsatCard ratings={csat} names={names} />}
            <Card withBorder>
              <Title order={2} size="h5" mb="xs">
                Labels
              </Title>
              <LabelPicker orgSlug={ctx.org.slug} labels={labels} selected={labelIds} target={{ ticketId: ticket.id }} canEdit={ctx.can.work} />
            </Card>
            <AiContextCard originalQuery={ticket.original_query} context={ticket.ai_context} />
            {ctx.can.work && (
              <FindExpertCard
                supabase={ctx.supabase}
                orgSlug={ctx.org.slug}
                ticketId={ticket.id}
                text={`${ticket.subject} ${ticket.original_query ?? ''}`}
                assignableUserIds={members.filter((m) => m.role !== 'viewer').map((m) => m.user_id)}
                assigneeId={ticket.assignee_id}
              />
            )}
          </Stack>
        </GridCol>
      </Grid>
    </Stack>
  );
  return conversation ? (
    <ThreadLive conversationId={conversation.id} widgetTopic={conversation.widget_topic}>
      {page}
    </ThreadLive>
  ) : (
    page
  );
}
