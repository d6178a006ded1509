import { Badge } from '@mantine/core';
import type { ConversationState } from '@/lib/data/conversation-state';
import { STATE_LABELS } from '@/lib/dashboard/transition-line';

const COLORS: Record<ConversationState, string> = {
  bot: 'gray',
  waiting_for_agent: 'orange',
  with_agent: 'blue',
  needs_reply: 'red',
  resolved: 'green',
};

/** Where a conversation is in its lifecycle (conversations.state), as the team reads it. */
export function ConversationStateBadge({ state }: { state: ConversationState }) {
  return (
    <Badge color={COLORS[state]} variant="light" data-testid="conversation-state" data-state={state}>
      {STATE_LABELS[state]}
    </Badge>
  );
}
