'use client';

import { Button } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { acceptInvitationAction } from '@/lib/dashboard/actions/invitations';

export function AcceptInvitationButton({ invitationId, organizationName }: { invitationId: string; organizationName: string }) {
  const { state, pending, formProps } = useFormAction(acceptInvitationAction);
  return (
    <form {...formProps}>
      <input type="hidden" name="invitationId" value={invitationId} />
      <Button type="submit" size="xs" loading={pending} aria-label={`Accept the invitation to ${organizationName}`}>
        Accept
      </Button>
      {state.status === 'error' && <FormStatus state={state} />}
    </form>
  );
}
