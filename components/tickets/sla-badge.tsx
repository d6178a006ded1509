import { Badge, Text } from '@mantine/core';
import { slaState, type SlaClock } from '@/lib/dashboard/sla';

/** A ticket's SLA at a glance: red "Breached", amber when under a quarter of the target is left. */
export function SlaBadge({ clock }: { clock: SlaClock }) {
  const state = slaState(clock);
  switch (state.kind) {
    case 'breached':
      return (
        <Badge color="red" variant="filled" data-testid="sla-badge" data-sla="breached">
          Breached
        </Badge>
      );
    case 'running':
      return (
        <Badge
          color={state.soon ? 'orange' : 'gray'}
          variant="light"
          tt="none"
          data-testid="sla-badge"
          data-sla={state.soon ? 'due-soon' : 'running'}
        >
          {state.text}
        </Badge>
      );
    case 'met':
      return (
        <Badge color="teal" variant="light" tt="none" data-testid="sla-badge" data-sla="met">
          SLA met
        </Badge>
      );
    default:
      return (
        <Text size="sm" c="dimmed">
          —
        </Text>
      );
  }
}
