'use client';

import { Button, Group, TextInput } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { updateTicketSubject } from '@/lib/dashboard/actions/tickets';

/** Edit the ticket's subject (set from the visitor's question at escalation). Agents and above. */
export function TicketSubjectForm({ orgSlug, ticketId, subject }: { orgSlug: string; ticketId: string; subject: string }) {
  const save = useFormAction(updateTicketSubject);
  return (
    <form key={subject} {...save.formProps} aria-label="Ticket subject">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="ticketId" value={ticketId} />
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <TextInput
          name="subject"
          label="Subject"
          defaultValue={subject}
          maxLength={300}
          required
          style={{ flex: 1 }}
          error={save.state.fieldErrors?.subject?.[0]}
        />
        <Button type="submit" variant="light" loading={save.pending}>
          Save
        </Button>
      </Group>
      <FormStatus state={save.state} />
    </form>
  );
}
