'use client';

import { Button, Group, NumberInput, Stack } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { saveReopenWindow } from '@/lib/dashboard/actions/settings';

/** How long after a resolution a customer's new message reopens the same ticket. */
export function ReopenWindowForm({ orgSlug, days }: { orgSlug: string; days: number }) {
  const { state, pending, formProps } = useFormAction(saveReopenWindow);
  const e = state.fieldErrors ?? {};
  return (
    <form {...formProps} aria-label="Reopen window" noValidate>
      <Stack gap="sm">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <NumberInput
          name="reopenWindowDays"
          label="Reopen window (days)"
          description="A customer who writes within this many days of the resolution reopens the same ticket, back in the queue. Later, the assistant answers first and a new request for a person reopens it again. 0 never reopens."
          defaultValue={days}
          min={0}
          max={365}
          step={1}
          allowDecimal={false}
          allowNegative={false}
          error={e.reopenWindowDays?.[0]}
          styles={{ wrapper: { maxWidth: 220 } }}
        />
        <Group justify="space-between">
          <FormStatus state={state} />
          <Button type="submit" loading={pending}>
            Save reopen window
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
