'use client';

import { Button, Group, TextInput } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { saveSlaPolicyAction } from '@/lib/dashboard/actions/sla';

/** One priority's two targets, in minutes of business time (empty: no target). */
export function SlaPolicyForm({
  orgSlug,
  priority,
  firstResponseMinutes,
  resolutionMinutes,
}: {
  orgSlug: string;
  priority: string;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
}) {
  const { state, pending, formProps } = useFormAction(saveSlaPolicyAction);
  const errors = state.fieldErrors ?? {};
  return (
    <form {...formProps} aria-label={`Targets for ${priority} tickets`} noValidate data-testid={`sla-form-${priority}`}>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="priority" value={priority} />
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          name="firstResponseMinutes"
          label={`First response, ${priority} (minutes)`}
          placeholder="No target"
          inputMode="numeric"
          defaultValue={firstResponseMinutes ?? ''}
          error={errors.firstResponseMinutes?.[0]}
          w={{ base: '100%', sm: 220 }}
        />
        <TextInput
          name="resolutionMinutes"
          label={`Resolution, ${priority} (minutes)`}
          placeholder="No target"
          inputMode="numeric"
          defaultValue={resolutionMinutes ?? ''}
          error={errors.resolutionMinutes?.[0]}
          w={{ base: '100%', sm: 220 }}
        />
        <Button type="submit" loading={pending} mt={{ base: 0, sm: 25 }}>
          Save {priority}
        </Button>
      </Group>
      <FormStatus state={state} />
    </form>
  );
}
