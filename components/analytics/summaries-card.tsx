'use client';

import { Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { summarizeNow } from '@/lib/dashboard/actions/analytics';

/** Admins run the summarizer for this organization now, instead of waiting for the schedule. */
export function SummariesForm({ orgSlug }: { orgSlug: string }) {
  const { state, pending, formProps } = useFormAction(summarizeNow);
  return (
    <form {...formProps} aria-label="Summarize conversations">
      <Stack gap="xs">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <Text size="sm">
          Finished conversations (resolved, closed, or quiet for 30 minutes) get a short summary every 10 minutes. It shows on each conversation.
        </Text>
        <Checkbox name="force" value="on" label="Also rewrite existing summaries" />
        <Group justify="space-between">
          <FormStatus state={state} />
          <Button type="submit" loading={pending} variant="light">
            Summarize now
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
