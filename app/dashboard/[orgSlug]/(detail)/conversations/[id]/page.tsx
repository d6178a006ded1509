import { Alert, Card, Grid, GridCol, Group, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/dashboard/page-header';
import { ChannelIcon } from '@/components/integrations/channel-icon';
import { LiveRefresh } from '@/components/live/live-refresh';
import { ThreadLive, ThreadPresence } from '@/components/live/thread-live';
import { AgentShortcuts } from '@/components/conversations/agent-shortcuts';
import { CustomerCard } from '@/components/conversations/customer-card';
import { LabelPicker } from '@/components/labels/label-forms';
import { HandlingControls } from '@/components/conversations/handling-controls';
import { ConversationStateBadge } from '@/components/conversations/state-badge';
import { ReplyForm } from '@/components/conversations/reply-form';
import { Thread } from '@/components/conversations/thread';
import { AnchorLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { dateTime, displayName } from '@/lib/dashboard/format';
import { cannedOptions } from '@/lib/data/canned-responses';
import { labelIdsOf, listLabels } from '@/lib/data/labels';
import { listTransitions } from '@/lib/data/conversation-state';
import { getConversation, markConversationRead, nextNeedingReply } from '@/lib/data/conversations';
import { listMembers } from '@/lib/data/members';
import { listAnswerFeedback, listMessages } from '@/lib/data/messages';
import { escalationReasonLabel, UUID } from '@/lib/validation';

export const metadata: Metadata = { title: 'Conversation' };

/** One conversation, live: the thread, the visitor, and the reply box. */
export default async function ConversationPage({ params }: { params: Promise<{ orgSlug: string; id: string }> }) {
  const { orgSlug, id } = await params;
  const ctx = await getOrgContext(orgSlug);
  if (!UUID.test(id)) notFound();
  const conversation = await getConversation(ctx.supabase, { id });
  if (!conversation) notFound();
  const [messages, transitions, members, ratings, canned, labels, labelIds, nextId] = await Promise.all([
    listMessages(ctx.supabase, { conversationId: id }),
    listTransitions(ctx.supabase, { conversationId: id }),
    listMembers(ctx.supabase, { organizationId: ctx.org.id }),
    listAnswerFeedback(ctx.supabase, { conversationId: id }),
    ctx.can.work ? cannedOptions(ctx.supabase) : [],
    listLabels(ctx.supabase),
    labelIdsOf(ctx.supabase, { conversationId: id }),
    ctx.can.work ? nextNeedingReply(ctx.supabase, { currentId: id, userId: ctx.user.userId }) : null,
  ]);
  // after the thread is read: what it shows is no longer unread for this member
  await markConversationRead(ctx.supabase, { conversationId: id });
  const names = Object.fromEntries(members.map((m) => [m.user_id, displayName(m.user)]));
  const visitorName = conversation.visitor?.name ?? conversation.visitor?.email ?? 'Visitor';
  const ticket = conversation.tickets[0];

  return (
    <ThreadLive conversationId={conversation.id} widgetTopic={conversation.widget_topic}>
      <Stack gap="md">
        <PageHeader
          back={{ href: `/dashboard/${ctx.org.slug}/conversations`, label: 'Conversations' }}
          title={visitorName}
          badges={<ConversationStateBadge state={conversation.state} />}
          description={
            conversation.integration ? (
              <Group gap={6} component="span" data-testid="conversation-channel">
                <ChannelIcon platform={conversation.integration.platform} size="sm" />
                {`${conversation.integration.display_name} · customer ${conversation.external_customer_id ?? 'unknown'} · started ${dateTime(conversation.created_at)}`}
              </Group>
            ) : (
              `Started ${dateTime(conversation.created_at)}${conversation.website ? ` on ${conversation.website.name}` : ` via ${conversation.channel}`}`
            )
          }
          actions={<LiveRefresh events={['conversations_changed']} ids={[conversation.id]} />}
        />
        <Grid gap="md">
          <GridCol span={{ base: 12, md: 8 }}>
            <Card withBorder>
              <Thread messages={messages} transitions={transitions} names={names} visitorName={visitorName} ratings={ratings} />
            </Card>
            <Card withBorder mt="md">
              <ThreadPresence visitorName={visitorName} />
              {ctx.can.work ? (
                <Stack gap={6}>
                  <AgentShortcuts nextHref={nextId ? `/dashboard/${ctx.org.slug}/conversations/${nextId}` : null} />
                  <ReplyForm
                    orgSlug={ctx.org.slug}
                    conversationId={conversation.id}
                    canned={canned}
                    values={{ customerName: conversation.visitor?.name ?? null, agentName: ctx.user.name, ticketRef: ticket?.ref ?? null }}
                  />
                </Stack>
              ) : (
                <Alert color="gray" title="Read-only" data-testid="read-only-notice">
                  Viewers can read conversations but not reply.
                </Alert>
              )}
            </Card>
          </GridCol>
          <GridCol span={{ base: 12, md: 4 }}>
            <Stack gap="md">
              <Card withBorder>
                <Title order={2} size="h5" mb="xs">
                  Handling
                </Title>
                {ctx.can.work && (
                  <HandlingControls
                    orgSlug={ctx.org.slug}
                    conversationId={conversation.id}
                    state={conversation.state}
                    assignedToMe={conversation.assignee_id === ctx.user.userId}
                  />
                )}
                <Text size="sm">
                  {conversation.agent_joined_at
                    ? `${conversation.agent_name ?? 'An agent'} joined ${dateTime(conversation.agent_joined_at)}`
                    : 'No agent has replied yet.'}
                </Text>
                {conversation.escalated_at && (
                  <Text size="sm" c="dimmed">
                    Escalated {dateTime(conversation.escalated_at)} ({escalationReasonLabel(conversation.escalated_reason ?? 'unspecified')})
                  </Text>
                )}
                {ticket && (
                  <AnchorLink href={`/dashboard/${ctx.org.slug}/tickets/${ticket.ref}`} size="sm" mt="xs" display="block">
                    Ticket {ticket.ref}
                  </AnchorLink>
                )}
              </Card>
              <Card withBorder>
                <Title order={2} size="h5" mb="xs">
                  Labels
                </Title>
                <LabelPicker
                  orgSlug={ctx.org.slug}
                  labels={labels}
                  selected={labelIds}
                  target={{ conversationId: conversation.id }}
                  canEdit={ctx.can.work}
                />
              </Card>
              <CustomerCard visitor={conversation.visitor} website={conversation.website} orgSlug={ctx.org.slug} />
              {conversation.summary && (
                <Card withBorder>
                  <Title order={2} size="h5" mb="xs">
                    Summary
                  </Title>
                  <Text size="sm">{conversation.summary}</Text>
                </Card>
              )}
            </Stack>
          </GridCol>
        </Grid>
      </Stack>
    </ThreadLive>
  );
}
