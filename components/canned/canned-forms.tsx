'use client';

import { Button, Group, Modal, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { createCannedResponseAction, deleteCannedResponseAction, updateCannedResponseAction } from '@/lib/dashboard/actions/canned-responses';

const VARIABLES_HINT = 'Markdown; {{customer.name}}, {{agent.name}} and {{ticket.ref}} are filled in when you insert it.';

function Fields({ errors, initial }: { errors: Record<string, string[] | undefined>; initial?: { shortcut: string; title: string; body: string } }) {
  return (
    <>
      <Group grow align="flex-start">
        <TextInput
          name="shortcut"
          label="Shortcut"
          description="Typed after / in the reply box"
          placeholder="refund-policy"
          required
          maxLength={32}
          defaultValue={initial?.shortcut}
          error={errors.shortcut?.[0]}
        />
        <TextInput name="title" label="Title" required maxLength={120} defaultValue={initial?.title} error={errors.title?.[0]} />
      </Group>
      <Textarea
        name="body"
        label="Response"
        description={VARIABLES_HINT}
        required
        autosize
        minRows={3}
        maxRows={12}
        maxLength={5000}
        defaultValue={initial?.body}
        error={errors.body?.[0]}
      />
    </>
  );
}

/** Add a response: admins choose shared or personal; everyone else adds their own. */
export function CreateCannedForm({ orgSlug, canShare }: { orgSlug: string; canShare: boolean }) {
  const { state, pending, successes, formProps } = useFormAction(createCannedResponseAction);
  const [scope, setScope] = useState<'shared' | 'personal'>(canShare ? 'shared' : 'personal');
  return (
    <form {...formProps} aria-label="Add a canned response" noValidate>
      <Stack gap="xs" key={successes}>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="scope" value={scope} />
        {canShare && (
          <SegmentedControl
            value={scope}
            onChange={(v) => setScope(v === 'personal' ? 'personal' : 'shared')}
            data={[
              { value: 'shared', label: 'Shared with the team' },
              { value: 'personal', label: 'Only mine' },
            ]}
            size="xs"
            w="fit-content"
          />
        )}
        <Fields errors={state.fieldErrors ?? {}} />
        <Group justify="space-between">
          <FormStatus state={state} />
          <Button type="submit" loading={pending}>
            Add response
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Edit or delete one response (shown only where the member may change it). */
export function CannedActions({ orgSlug, response }: { orgSlug: string; response: { id: string; shortcut: string; title: string; body: string } }) {
  const [editing, edit] = useDisclosure(false);
  const [deleting, del] = useDisclosure(false);
  const update = useFormAction(updateCannedResponseAction);
  const remove = useFormAction(deleteCannedResponseAction);
  return (
    <Group gap={4}>
      <Button size="compact-xs" variant="subtle" onClick={edit.open} aria-label={`Edit /${response.shortcut}`}>
        Edit
      </Button>
      <Button size="compact-xs" variant="subtle" color="red" onClick={del.open} aria-label={`Delete /${response.shortcut}`}>
        Delete
      </Button>
      <Modal opened={editing} onClose={edit.close} title={`Edit /${response.shortcut}`} size="lg">
        <form {...update.formProps} noValidate>
          <Stack gap="xs">
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="id" value={response.id} />
            <Fields errors={update.state.fieldErrors ?? {}} initial={response} />
            <Group justify="space-between">
              <FormStatus state={update.state} />
              <Button type="submit" loading={update.pending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={deleting} onClose={del.close} title={`Delete /${response.shortcut}?`}>
        <form {...remove.formProps}>
          <Stack gap="sm">
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="id" value={response.id} />
            <Text size="sm">Nobody can insert it any more. Replies already sent keep their text.</Text>
            <FormStatus state={remove.state} />
            <Group justify="flex-end">
              <Button variant="default" onClick={del.close}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={remove.pending}>
                Delete response
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
