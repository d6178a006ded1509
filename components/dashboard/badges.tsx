import { Badge } from '@mantine/core';
import type { Database } from '@/lib/database.types';

type TicketStatus = Database['public']['Enums']['ticket_status'];
type TicketPriority = Database['public']['Enums']['ticket_priority'];
type ConversationStatus = Database['public']['Enums']['conversation_status'];

const STATUS_COLORS: Record<TicketStatus, string> = { open: 'blue', pending: 'yellow', resolved: 'green', closed: 'gray' };
const PRIORITY_COLORS: Record<TicketPriority, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };
const CONVERSATION_COLORS: Record<ConversationStatus, string> = { open: 'blue', pending: 'yellow', closed: 'gray' };

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light">
      {status}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return (
    <Badge color={PRIORITY_COLORS[priority]} variant={priority === 'urgent' ? 'filled' : 'outline'}>
      {priority}
    </Badge>
  );
}

export function ConversationStatusBadge({ status, escalated, resolved }: { status: ConversationStatus; escalated: boolean; resolved: boolean }) {
  if (resolved)
    return (
      <Badge color="green" variant="light">
        resolved
      </Badge>
    );
  if (escalated)
    return (
      <Badge color="orange" variant="light">
        waiting for a person
      </Badge>
    );
  return (
    <Badge color={CONVERSATION_COLORS[status]} variant="light">
      {status}
    </Badge>
  );
}
