'use client';

import { Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { deleteOrganization } from '@/lib/dashboard/actions/organization-lifecycle';

/** Export (admins) and deletion (the owner) of the whole organization. */
export function DataLifecycleForm({ orgSlug, canExport, canDelete }: { orgSlug: string; canExport: boolean; canDelete: boolean }) {
  const { state, pending, formProps } = useFormAction(deleteOrganization);
  return (
    <Stack gap="md">
      {canExport ? (
        <Text size="sm">
          <Anchor href={`/dashboard/${orgSlug}/settings/export`} download>
            Download all data (zip)
          </Anchor>{' '}
          — one JSON file per table: conversations, messages, tickets, visitors, articles and the rest. Credentials are left out.
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          Only admins export the organization&apos;s data.
        </Text>
      )}
      {canDelete && (
        <form {...formProps} aria-label="Delete organization" noValidate>
          <Stack gap="sm">
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <TextInput
              name="confirmSlug"
              label="Delete this organization"
              description={`Removes every conversation, ticket, visitor, article, website and member of it, for good. Type ${orgSlug} to confirm.`}
              autoComplete="off"
              error={state.fieldErrors?.confirmSlug?.[0]}
            />
            <Group justify="space-between">
              <FormStatus state={state} />
              <Button type="submit" color="red" loading={pending}>
                Delete organization
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
