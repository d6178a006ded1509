'use client';

import { Button, Checkbox, Group, Stack } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { saveNotificationPreferences } from '@/lib/dashboard/actions/notifications';

/** The member's own email preferences for this organization. */
export function NotificationForm({ orgSlug, escalationEmails }: { orgSlug: string; escalationEmails: boolean }) {
  const { state, pending, formProps } = useFormAction(saveNotificationPreferences);
  return (
    <form {...formProps} aria-label="Email notifications" noValidate>
      <Stack gap="sm">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <Checkbox name="escalationEmails" label="Email me when a conversation is escalated to the team" defaultChecked={escalationEmails} />
        <Group justify="space-between">
          <FormStatus state={state} />
          <Button type="submit" variant="light" loading={pending}>
            Save email preferences
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
