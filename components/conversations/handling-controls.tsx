'use client';

import { Button, Group, Stack, Text } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { assignConversationToMe, changeConversationState } from '@/lib/dashboard/actions/conversations';
import type { ConversationMove, ConversationState } from '@/lib/data/conversation-state';

const BUTTONS: { move: ConversationMove; label: string; color: string; variant: string; when: ConversationState[] }[] = [
  { move: 'take_over', label: 'Take over', color: 'teal', variant: 'filled', when: ['bot'] },
  { move: 'hand_back', label: 'Hand back to assistant', color: 'gray', variant: 'light', when: ['waiting_for_agent', 'with_agent', 'needs_reply'] },
  { move: 'resolve', label: 'Resolve', color: 'green', variant: 'light', when: ['bot', 'waiting_for_agent', 'with_agent', 'needs_reply'] },
];

/**
 * Take over from the assistant, hand back to it, resolve: the moves the current state allows
 * (the database checks again). Shown to agents and above only; viewers get no buttons. The ticket
 * page leaves out Resolve: its own "Resolve ticket" resolves the conversation with the ticket.
 */
export function HandlingControls({
  orgSlug,
  conversationId,
  state,
  resolve = true,
  assignedToMe,
}: {
  orgSlug: string;
  conversationId: string;
  state: ConversationState;
  resolve?: boolean;
  /** whether the signed-in member has it; undefined leaves out "Assign to me" (the ticket page assigns the ticket) */
  assignedToMe?: boolean;
}) {
  const action = useFormAction(changeConversationState);
  const assign = useFormAction(assignConversationToMe);
  const buttons = BUTTONS.filter((b) => b.when.includes(state) && (resolve || b.move !== 'resolve'));
  return (
    <Stack gap="xs">
      {state === 'resolved' && (
        <Text size="sm" c="dimmed">
          Resolved. A new message from the customer reopens it.
        </Text>
      )}
      {state === 'bot' && (
        <Text size="sm" c="dimmed">
          The assistant is answering. Take over to answer yourself; it stays quiet until you hand it back.
        </Text>
      )}
      <Group gap="xs">
        {buttons.map((b) => (
          <form key={b.move} {...action.formProps}>
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="conversationId" value={conversationId} />
            <input type="hidden" name="move" value={b.move} />
            <Button
              type="submit"
              size="xs"
              color={b.color}
              variant={b.variant}
              loading={action.pending}
              data-shortcut={b.move === 'resolve' ? 'resolve' : undefined}
            >
              {b.label}
            </Button>
          </form>
        ))}
        {assignedToMe === false && state !== 'resolved' && (
          <form {...assign.formProps}>
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="conversationId" value={conversationId} />
            <Button type="submit" size="xs" variant="default" loading={assign.pending} data-shortcut="assign">
              Assign to me
            </Button>
          </form>
        )}
      </Group>
      <FormStatus state={action.state} />
      <FormStatus state={assign.state} />
    </Stack>
  );
}
