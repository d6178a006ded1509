'use client';

import { Button, Group, Stack, Switch } from '@mantine/core';
import { useState } from 'react';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { saveAgentsPublish } from '@/lib/dashboard/actions/articles';

/** Whether agents may publish articles (admins always may). */
export function KnowledgeForm({ orgSlug, agentsPublish }: { orgSlug: string; agentsPublish: boolean }) {
  const { state, pending, formProps } = useFormAction(saveAgentsPublish);
  const [on, setOn] = useState(agentsPublish);
  return (
    <form {...formProps} aria-label="Knowledge base settings" noValidate>
      <Stack gap="sm">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="agentsPublish" value={on ? 'on' : 'off'} />
        <Switch
          label="Agents may publish articles"
          description="Off: agents write drafts and an admin publishes them. Published articles are what visitors and the assistant see."
          checked={on}
          onChange={(event) => setOn(event.currentTarget.checked)}
        />
        <Group justify="space-between">
          <FormStatus state={state} />
          <Button type="submit" loading={pending}>
            Save knowledge base
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
