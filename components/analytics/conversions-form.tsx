'use client';

import { Button, Group, Stack, Textarea } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { saveConversionsAction } from '@/lib/dashboard/actions/analytics';

/** Admins edit the conversions: one funnel per line, "Name: from_event -> to_event". */
export function ConversionsForm({ orgSlug, value }: { orgSlug: string; value: string }) {
  const { state, pending, formProps } = useFormAction(saveConversionsAction);
  return (
    <form {...formProps} aria-label="Configure conversions">
      <Stack gap="xs">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <Textarea
          name="conversions"
          label="Conversions"
          description='One per line, e.g. "Signup: signup_started -> signup_completed". A visitor converts when the second event follows the first.'
          defaultValue={value}
          autosize
          minRows={2}
          error={state.fieldErrors?.conversions?.[0]}
        />
        <Group justify="space-between">
          <FormStatus state={state} />
          <Button type="submit" loading={pending} variant="default">
            Save conversions
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
