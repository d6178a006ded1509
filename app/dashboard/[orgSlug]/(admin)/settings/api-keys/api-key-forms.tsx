'use client';

import { Alert, Button, Checkbox, Code, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { startTransition, useActionState, useState, type FormEvent } from 'react';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { createKeyAction, deleteKeyAction, revokeKeyAction, type CreateKeyState } from '@/lib/dashboard/actions/api-keys';

const initial: CreateKeyState = { status: 'idle' };

/** Create a key; on success the key is shown once, with a copy button and a first request to try. */
export function CreateKeyForm({ orgSlug, ingestUrl }: { orgSlug: string; ingestUrl: string }) {
  const [state, dispatch, pending] = useActionState(createKeyAction, initial);
  const [round, setRound] = useState(0);
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state.status === 'success') setRound((r) => r + 1);
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  };
  const errors = state.fieldErrors ?? {};
  return (
    <Stack gap="sm">
      <form action={dispatch} onSubmit={onSubmit} aria-label="Create an API key" noValidate>
        <Stack gap="xs" key={round}>
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <TextInput name="name" label="Name" placeholder="e.g. CRM sync" required maxLength={80} error={errors.name?.[0]} />
          <Checkbox.Group label="Scopes" defaultValue={['ingest:write']} error={errors.scopes?.[0]}>
            <Group mt={4}>
              <Checkbox name="scopes" value="ingest:write" label="ingest:write — send data" />
              <Checkbox name="scopes" value="read" label="read — check what was stored" />
            </Group>
          </Checkbox.Group>
          <Group justify="space-between">
            {state.status === 'error' ? <FormStatus state={state} /> : <span />}
            <Button type="submit" loading={pending}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
      {state.status === 'success' && state.key && (
        <Alert color="teal" title={`Copy “${state.name}” now: it is shown only once`} data-testid="new-api-key">
          <Stack gap="xs">
            <Group gap="xs" wrap="nowrap">
              <Code style={{ overflowWrap: 'anywhere' }} data-testid="new-api-key-value">
                {state.key}
              </Code>
              <CopyButton value={state.key}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant={copied ? 'light' : 'filled'} onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="xs">Only its hash is kept, so it cannot be shown again. Try it:</Text>
            <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {`curl -X POST ${ingestUrl} \\\n  -H "Authorization: Bearer ${state.key}" -H "Content-Type: application/json" \\\n  -d '{"items":[{"type":"event","idempotency_key":"first-event-0001","name":"hello"}]}'`}
            </Code>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

interface KeyActionProps {
  orgSlug: string;
  keyId: string;
  name: string;
}

/**
 * Revoke (active keys) or delete (revoked keys), each behind a confirmation. One component per
 * mode, keyed: a successful revoke re-renders the row as revoked, which unmounts the revoke dialog
 * instead of turning it into a delete confirmation under the user's pointer.
 */
export function KeyActions({ revoked, ...props }: KeyActionProps & { revoked: boolean }) {
  return revoked ? <KeyAction key="delete" mode="delete" {...props} /> : <KeyAction key="revoke" mode="revoke" {...props} />;
}

function KeyAction({ orgSlug, keyId, name, mode }: KeyActionProps & { mode: 'revoke' | 'delete' }) {
  const [opened, { open, close }] = useDisclosure(false);
  const action = useFormAction(mode === 'delete' ? deleteKeyAction : revokeKeyAction);
  const revoked = mode === 'delete';
  const verb = revoked ? 'Delete' : 'Revoke';
  return (
    <>
      <Button size="compact-xs" variant="subtle" color="red" onClick={open} aria-label={`${verb} ${name}`}>
        {verb}
      </Button>
      <Modal opened={opened} onClose={close} title={`${verb} “${name}”?`}>
        <form {...action.formProps}>
          <Stack gap="sm">
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="keyId" value={keyId} />
            <Text size="sm">
              {revoked
                ? 'The key is already revoked; deleting removes it from this list.'
                : 'Every request with this key is refused from now on. This cannot be undone.'}
            </Text>
            <FormStatus state={action.state} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={action.pending}>
                {verb} key
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
