'use client';

import { Anchor, Button, Group, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { saveHelpCenter } from '@/lib/dashboard/actions/help-center';

/** The public help center switch. */
export function HelpCenterForm({ orgSlug, enabled }: { orgSlug: string; enabled: boolean }) {
  const { state, pending, formProps } = useFormAction(saveHelpCenter);
  const [on, setOn] = useState(enabled);
  return (
    <form {...formProps} aria-label="Help center settings" noValidate>
      <Stack gap="sm">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="helpCenter" value={on ? 'on' : 'off'} />
        <Switch
          label="Public help center"
          description="Anyone can read your published articles (never drafts) on a public page, and the assistant's answers link to them."
          checked={on}
          onChange={(event) => setOn(event.currentTarget.checked)}
        />
        {enabled && (
          <Text size="sm">
            <Anchor href={`/help/${orgSlug}`} target="_blank">
              Open /help/{orgSlug}
            </Anchor>
          </Text>
        )}
        <Group justify="space-between">
          <FormStatus state={state} />
          <Button type="submit" loading={pending}>
            Save help center
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
