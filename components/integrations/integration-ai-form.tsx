'use client';

import { Button, Group, Stack, Switch } from '@mantine/core';
import { useState } from 'react';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { setChannelAi } from '@/lib/dashboard/actions/integrations';

/** The "AI answers" switch of one page / OA (admins). */
export function IntegrationAiForm({ orgSlug, integrationId, enabled }: { orgSlug: string; integrationId: string; enabled: boolean }) {
  const { state, pending, formProps } = useFormAction(setChannelAi);
  const [on, setOn] = useState(enabled);
  return (
    <form {...formProps} aria-label="AI answers" noValidate>
      <Stack gap="xs" mt="sm">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="integrationId" value={integrationId} />
        <input type="hidden" name="aiEnabled" value={on ? 'on' : 'off'} />
        <Switch
          label="AI answers"
          description="The assistant answers customers from your published articles and hands over to the team when it cannot."
          checked={on}
          onChange={(event) => setOn(event.currentTarget.checked)}
        />
        <Group justify="space-between">
          <FormStatus state={state} />
          <Button type="submit" size="xs" variant="default" loading={pending} disabled={on === enabled}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
