'use client';

import { Alert, Button, Group, Select, Stack } from '@mantine/core';
import { useFormAction } from '@/components/ui/use-form-action';
import { updateTicketFields } from '@/lib/dashboard/actions/tickets';
import { Constants } from '@/lib/database.types';

export interface TicketControlsProps {
  orgSlug: string;
  ticketId: string;
  status: string;
  priority: string;
  assigneeId: string | null;
  members: { value: string; label: string }[];
}

const STATUS_OPTIONS = Constants.public.Enums.ticket_status.map((v) => ({ value: v, label: v[0]!.toUpperCase() + v.slice(1) }));
const PRIORITY_OPTIONS = Constants.public.Enums.ticket_priority.map((v) => ({ value: v, label: v[0]!.toUpperCase() + v.slice(1) }));

/** Status, priority and assignee of a ticket, and a one-click resolve. */
export function TicketControls({ orgSlug, ticketId, status, priority, assigneeId, members }: TicketControlsProps) {
  const save = useFormAction(updateTicketFields);
  const resolve = useFormAction(updateTicketFields);
  const state = resolve.state.at && (!save.state.at || resolve.state.at > save.state.at) ? resolve.state : save.state;
  const done = status === 'resolved' || status === 'closed';

  return (
    <Stack gap="sm">
      {/* remounted when the server's values change (e.g. after resolving), so the selects show them */}
      <form key={`${status}:${priority}:${assigneeId}`} {...save.formProps} aria-label="Ticket properties">
        <Stack gap="xs">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="ticketId" value={ticketId} />
          <Select
            name="status"
            label="Status"
            data={STATUS_OPTIONS}
            defaultValue={status}
            allowDeselect={false}
            error={save.state.fieldErrors?.status?.[0]}
          />
          <Select
            name="priority"
            label="Priority"
            data={PRIORITY_OPTIONS}
            defaultValue={priority}
            allowDeselect={false}
            error={save.state.fieldErrors?.priority?.[0]}
          />
          <Select
            name="assigneeId"
            label="Assignee"
            data={[{ value: 'none', label: 'Unassigned' }, ...members]}
            defaultValue={assigneeId ?? 'none'}
            allowDeselect={false}
            searchable
            error={save.state.fieldErrors?.assigneeId?.[0]}
          />
          <Button type="submit" variant="light" loading={save.pending}>
            Save changes
          </Button>
        </Stack>
      </form>
      {!done && (
        <form {...resolve.formProps} aria-label="Resolve ticket">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="ticketId" value={ticketId} />
          <input type="hidden" name="status" value="resolved" />
          <Button type="submit" color="green" fullWidth loading={resolve.pending}>
            Resolve ticket
          </Button>
        </form>
      )}
      <Group aria-live="polite">
        {state.status !== 'idle' && (
          <Alert
            color={state.status === 'success' ? 'teal' : 'red'}
            variant="light"
            p={8}
            w="100%"
            role={state.status === 'error' ? 'alert' : undefined}
          >
            {state.message}
          </Alert>
        )}
      </Group>
    </Stack>
  );
}
