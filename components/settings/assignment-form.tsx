'use client';

import { Button, Group, NumberInput, Stack, Switch } from '@mantine/core';
import { useState } from 'react';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { saveAssignment } from '@/lib/dashboard/actions/settings';

/** Automatic assignment of new escalations. */
export function AssignmentForm({ orgSlug, autoAssign, cap }: { orgSlug: string; autoAssign: boolean; cap: number }) {
  const { state, pending, formProps } = useFormAction(saveAssignment);
  const [on, setOn] = useState(autoAssign);
  const e = state.fieldErrors ?? {};
  return (
    <form {...formProps} aria-label="Assignment settings" noValidate>
      <Stack gap="sm">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="autoAssign" value={on ? 'on' : 'off'} />
        <Switch
          label="Assign new escalations automatically"
          description="Round robin among agents who are available; an agent at the cap is skipped until one of their tickets is resolved."
          checked={on}
          onChange={(event) => setOn(event.currentTarget.checked)}
        />
        <NumberInput
          name="cap"
          label="Open tickets per agent"
          defaultValue={cap}
          min={1}
          max={100}
          step={1}
          allowDecimal={false}
          error={e.cap?.[0]}
          w={{ base: '100%', sm: 220 }}
        />
        <Group justify="space-between">
          <FormStatus state={state} />
          <Button type="submit" loading={pending}>
            Save assignment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
