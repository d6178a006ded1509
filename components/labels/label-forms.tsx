'use client';

import { Button, ColorInput, Group, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { FormStatus } from '@/components/dashboard/form-status';
import { LabelBadge } from '@/components/labels/label-badge';
import { useFormAction } from '@/components/ui/use-form-action';
import { createLabelAction, deleteLabelAction, toggleLabelAction, updateLabelAction } from '@/lib/dashboard/actions/labels';

const SWATCHES = ['#e03131', '#f08c00', '#2f9e44', '#1c7ed6', '#7048e8', '#c2255c', '#495057'];

function LabelFields({ errors, initial }: { errors: Record<string, string[] | undefined>; initial?: { name: string; color: string } }) {
  return (
    <Group align="flex-start" grow>
      <TextInput name="name" label="Name" required maxLength={40} defaultValue={initial?.name} error={errors.name?.[0]} />
      <ColorInput
        name="color"
        label="Colour"
        format="hex"
        withEyeDropper={false}
        swatches={SWATCHES}
        defaultValue={initial?.color ?? '#1c7ed6'}
        error={errors.color?.[0]}
      />
    </Group>
  );
}

/** Admins add a label. */
export function CreateLabelForm({ orgSlug }: { orgSlug: string }) {
  const { state, pending, successes, formProps } = useFormAction(createLabelAction);
  return (
    <form {...formProps} aria-label="Add a label" noValidate>
      <Stack gap="xs" key={successes}>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <LabelFields errors={state.fieldErrors ?? {}} />
        <Group justify="space-between">
          <FormStatus state={state} />
          <Button type="submit" loading={pending}>
            Add label
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Admins rename, recolour or delete a label. */
export function LabelActions({ orgSlug, label }: { orgSlug: string; label: { id: string; name: string; color: string } }) {
  const [editing, edit] = useDisclosure(false);
  const [deleting, del] = useDisclosure(false);
  const update = useFormAction(updateLabelAction);
  const remove = useFormAction(deleteLabelAction);
  return (
    <Group gap={4}>
      <Button size="compact-xs" variant="subtle" onClick={edit.open} aria-label={`Edit label ${label.name}`}>
        Edit
      </Button>
      <Button size="compact-xs" variant="subtle" color="red" onClick={del.open} aria-label={`Delete label ${label.name}`}>
        Delete
      </Button>
      <Modal opened={editing} onClose={edit.close} title={`Edit “${label.name}”`}>
        <form {...update.formProps} noValidate>
          <Stack gap="xs">
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="id" value={label.id} />
            <LabelFields errors={update.state.fieldErrors ?? {}} initial={label} />
            <Group justify="space-between">
              <FormStatus state={update.state} />
              <Button type="submit" loading={update.pending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={deleting} onClose={del.close} title={`Delete “${label.name}”?`}>
        <form {...remove.formProps}>
          <Stack gap="sm">
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="id" value={label.id} />
            <Text size="sm">It comes off every conversation and ticket that carries it.</Text>
            <FormStatus state={remove.state} />
            <Group justify="flex-end">
              <Button variant="default" onClick={del.close}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={remove.pending}>
                Delete label
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}

/** One label as a toggle on a conversation or ticket: pressed when it is on. */
function LabelToggle({
  orgSlug,
  label,
  on,
  target,
}: {
  orgSlug: string;
  label: { id: string; name: string; color: string };
  on: boolean;
  target: { conversationId: string } | { ticketId: string };
}) {
  const { pending, formProps } = useFormAction(toggleLabelAction);
  return (
    <form {...formProps}>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="labelId" value={label.id} />
      <input type="hidden" name="on" value={on ? 'false' : 'true'} />
      {'conversationId' in target ? (
        <input type="hidden" name="conversationId" value={target.conversationId} />
      ) : (
        <input type="hidden" name="ticketId" value={target.ticketId} />
      )}
      <UnstyledButton
        type="submit"
        aria-pressed={on}
        aria-label={`Label ${label.name}`}
        disabled={pending}
        style={{ opacity: on ? 1 : 0.55, borderRadius: 16 }}
        data-testid="label-toggle"
      >
        <LabelBadge name={on ? label.name : `+ ${label.name}`} color={label.color} />
      </UnstyledButton>
    </form>
  );
}

/** The labels of a conversation or ticket; agents switch each on or off, others only see the ones on. */
export function LabelPicker({
  orgSlug,
  labels,
  selected,
  target,
  canEdit,
}: {
  orgSlug: string;
  labels: { id: string; name: string; color: string }[];
  selected: string[];
  target: { conversationId: string } | { ticketId: string };
  canEdit: boolean;
}) {
  const on = new Set(selected);
  if (!canEdit) {
    const shown = labels.filter((l) => on.has(l.id));
    return shown.length === 0 ? (
      <Text size="sm" c="dimmed">
        No labels.
      </Text>
    ) : (
      <Group gap={6}>
        {shown.map((l) => (
          <LabelBadge key={l.id} name={l.name} color={l.color} />
        ))}
      </Group>
    );
  }
  if (labels.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No labels defined yet; admins add them under Labels.
      </Text>
    );
  return (
    <Group gap={6} role="group" aria-label="Labels">
      {labels.map((l) => (
        <LabelToggle key={l.id} orgSlug={orgSlug} label={l} on={on.has(l.id)} target={target} />
      ))}
    </Group>
  );
}
