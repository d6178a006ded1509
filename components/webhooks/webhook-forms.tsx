'use client';

import { Alert, Button, Checkbox, Code, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { startTransition, useActionState, useState, type FormEvent } from 'react';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import {
  createWebhookAction,
  deleteWebhookAction,
  redeliverWebhookAction,
  rotateWebhookSecretAction,
  setWebhookEnabledAction,
  type WebhookSecretState,
} from '@/lib/dashboard/actions/webhooks';
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from '@/lib/validation';

const initial: WebhookSecretState = { status: 'idle' };

/** The secret of a new or rotated endpoint, shown once with a copy button. */
function SecretOnce({ secret, title }: { secret: string; title: string }) {
  return (
    <Alert color="teal" title={title} data-testid="webhook-secret">
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap">
          <Code style={{ overflowWrap: 'anywhere' }} data-testid="webhook-secret-value">
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant={copied ? 'light' : 'filled'} onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="xs">
          Verify each delivery&apos;s <Code>webhook-signature</Code> with it (Standard Webhooks: HMAC-SHA256 over <Code>id.timestamp.body</Code>). It
          cannot be shown again; rotate it if it is lost.
        </Text>
      </Stack>
    </Alert>
  );
}

/** Subscribe a URL to events; on success the signing secret is shown once. */
export function CreateWebhookForm({ orgSlug }: { orgSlug: string }) {
  const [state, dispatch, pending] = useActionState(createWebhookAction, initial);
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
      <form action={dispatch} onSubmit={onSubmit} aria-label="Add a webhook endpoint" noValidate>
        <Stack gap="xs" key={round}>
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <TextInput
            name="url"
            label="Endpoint URL"
            placeholder="https://example.com/webhooks/concierge"
            required
            maxLength={2000}
            error={errors.url?.[0]}
          />
          <TextInput name="description" label="Description" placeholder="e.g. CRM sync" maxLength={200} error={errors.description?.[0]} />
          <Checkbox.Group label="Events" defaultValue={['conversation.escalated', 'ticket.resolved']} error={errors.events?.[0]}>
            <Stack gap={6} mt={4}>
              {WEBHOOK_EVENTS.map((event) => (
                <Checkbox key={event} name="events" value={event} label={`${WEBHOOK_EVENT_LABELS[event]} (${event})`} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Group justify="space-between">
            {state.status === 'error' ? <FormStatus state={state} /> : <span />}
            <Button type="submit" loading={pending}>
              Add endpoint
            </Button>
          </Group>
        </Stack>
      </form>
      {state.status === 'success' && state.secret && <SecretOnce secret={state.secret} title="Copy the signing secret now: it is shown only once" />}
    </Stack>
  );
}

/** Pause/resume, rotate the secret (shown once), delete (confirmed). */
export function EndpointActions({ orgSlug, endpointId, url, enabled }: { orgSlug: string; endpointId: string; url: string; enabled: boolean }) {
  const toggle = useFormAction(setWebhookEnabledAction);
  const [rotateState, rotate, rotating] = useActionState(rotateWebhookSecretAction, initial);
  const remove = useFormAction(deleteWebhookAction);
  const [opened, { open, close }] = useDisclosure(false);
  const onRotate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => rotate(formData));
  };
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <form {...toggle.formProps}>
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="endpointId" value={endpointId} />
          <input type="hidden" name="enabled" value={enabled ? 'false' : 'true'} />
          <Button type="submit" size="compact-sm" variant="default" loading={toggle.pending}>
            {enabled ? 'Pause' : 'Resume'}
          </Button>
        </form>
        <form action={rotate} onSubmit={onRotate}>
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="endpointId" value={endpointId} />
          <Button type="submit" size="compact-sm" variant="default" loading={rotating}>
            Rotate secret
          </Button>
        </form>
        <Button size="compact-sm" variant="subtle" color="red" onClick={open} aria-label={`Delete the endpoint ${url}`}>
          Delete
        </Button>
      </Group>
      <FormStatus state={toggle.state} />
      {rotateState.status === 'error' && <FormStatus state={rotateState} />}
      {rotateState.status === 'success' && rotateState.secret && <SecretOnce secret={rotateState.secret} title="The new secret, shown only once" />}
      <Modal opened={opened} onClose={close} title="Delete this endpoint?">
        <form {...remove.formProps}>
          <Stack gap="sm">
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="endpointId" value={endpointId} />
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {url} receives no more events, and its delivery history is deleted.
            </Text>
            <FormStatus state={remove.state} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={remove.pending}>
                Delete endpoint
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

/** "Redeliver": the same webhook-id and body, queued now. */
export function RedeliverButton({ orgSlug, deliveryId }: { orgSlug: string; deliveryId: string }) {
  const action = useFormAction(redeliverWebhookAction);
  return (
    <form {...action.formProps}>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <Group gap={4} wrap="nowrap">
        <Button type="submit" size="compact-xs" variant="light" loading={action.pending}>
          Redeliver
        </Button>
        {action.state.status !== 'idle' && (
          <Text size="xs" c={action.state.status === 'error' ? 'red' : 'teal'} role="status">
            {action.state.message}
          </Text>
        )}
      </Group>
    </form>
  );
}
