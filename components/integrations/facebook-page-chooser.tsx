'use client';

import { Button, Checkbox, Group, Stack } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { connectFacebookPages } from '@/lib/dashboard/actions/integrations';

/** After Facebook's dialog: the Pages the admin manages, ticked to connect (the grant stays sealed). */
export function FacebookPageChooser({ orgSlug, grant, pages }: { orgSlug: string; grant: string; pages: { id: string; name: string }[] }) {
  const connect = useFormAction(connectFacebookPages);
  return (
    <form {...connect.formProps} aria-label="Choose Facebook Pages">
      <Stack gap="sm">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="grant" value={grant} />
        <Checkbox.Group
          label="Pages to connect"
          description="Their Messenger conversations will arrive in your queue."
          error={connect.state.fieldErrors?.pages?.[0]}
        >
          <Stack gap="xs" mt="xs">
            {pages.map((p) => (
              <Checkbox key={p.id} name="pages" value={p.id} label={`${p.name} (${p.id})`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <FormStatus state={connect.state} />
        <Group>
          <Button type="submit" loading={connect.pending}>
            Connect selected Pages
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
