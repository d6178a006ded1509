'use client';

import { Button } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { updateTicketFields } from '@/lib/dashboard/actions/tickets';

/** One click: the ticket goes to the suggested colleague (the ticket action; the database checks membership). */
export function AssignExpertButton({ orgSlug, ticketId, userId, name }: { orgSlug: string; ticketId: string; userId: string; name: string }) {
  const { state, pending, formProps } = useFormAction(updateTicketFields);
  return (
    <form {...formProps}>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="ticketId" value={ticketId} />
      <input type="hidden" name="assigneeId" value={userId} />
      <Button type="submit" size="xs" variant="light" loading={pending} aria-label={`Assign the ticket to ${name}`}>
        Assign
      </Button>
      <FormStatus state={state} />
    </form>
  );
}
