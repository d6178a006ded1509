'use client';

import { Button, Group, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { addAllowedDomain, removeAllowedDomain, saveSettings, verifyAllowedDomain } from '@/lib/dashboard/actions/settings';
import { LOW_CONFIDENCE_ACTION_LABELS, LOW_CONFIDENCE_ACTIONS, type LowConfidenceAction } from '@/lib/validation';

export interface SettingsValues {
  name: string;
  assistantName: string;
  greeting: string;
  escalationThreshold: number;
  lowConfidenceAction: LowConfidenceAction;
}

/** Organization name and assistant settings. */
export function SettingsForm({ orgSlug, values }: { orgSlug: string; values: SettingsValues }) {
  const { state, pending, formProps } = useFormAction(saveSettings);
  const e = state.fieldErrors ?? {};
  return (
    <form {...formProps} aria-label="Organization settings" noValidate>
      <Stack gap="sm">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <TextInput name="name" label="Organization name" defaultValue={values.name} required error={e.name?.[0]} />
        <TextInput name="assistantName" label="Assistant name" defaultValue={values.assistantName} required error={e.assistantName?.[0]} />
        <Textarea name="greeting" label="Greeting" defaultValue={values.greeting} autosize minRows={2} required error={e.greeting?.[0]} />
        <NumberInput
          name="escalationThreshold"
          label="Escalation threshold"
          description="Below this confidence (0 to 1) the assistant offers a person."
          defaultValue={values.escalationThreshold}
          min={0}
          max={1}
          step={0.05}
          decimalScale={2}
          error={e.escalationThreshold?.[0]}
          w={{ base: '100%', sm: 220 }}
        />
        <Select
          name="lowConfidenceAction"
          label="When the assistant is unsure"
          description="Below the threshold, when the visitor is upset, or when they ask the same question again."
          data={LOW_CONFIDENCE_ACTIONS.map((value) => ({ value, label: LOW_CONFIDENCE_ACTION_LABELS[value] }))}
          defaultValue={values.lowConfidenceAction}
          allowDeselect={false}
          error={e.lowConfidenceAction?.[0]}
          w={{ base: '100%', sm: 420 }}
        />
        <Group justify="space-between">
          <FormStatus state={state} />
          <Button type="submit" loading={pending}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function AddDomainForm({ orgSlug }: { orgSlug: string }) {
  const { state, pending, successes, formProps } = useFormAction(addAllowedDomain);
  return (
    <form {...formProps} aria-label="Add an email domain" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <Group align="flex-start" gap="sm" wrap="wrap" key={successes}>
        <TextInput
          name="domain"
          label="Email domain"
          placeholder="example.com"
          required
          error={state.fieldErrors?.domain?.[0]}
          w={{ base: '100%', sm: 240 }}
        />
        <Select
          name="role"
          label="Joins as"
          data={[
            { value: 'viewer', label: 'Viewer' },
            { value: 'agent', label: 'Agent' },
            { value: 'admin', label: 'Admin' },
          ]}
          defaultValue="agent"
          allowDeselect={false}
          w={{ base: '100%', sm: 140 }}
        />
        <Button type="submit" loading={pending} mt={{ base: 0, sm: 25 }}>
          Add domain
        </Button>
      </Group>
      <FormStatus state={state} />
    </form>
  );
}

export function RemoveDomainButton({ orgSlug, domain }: { orgSlug: string; domain: string }) {
  const { state, pending, formProps } = useFormAction(removeAllowedDomain);
  return (
    <form {...formProps}>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="domain" value={domain} />
      <Button type="submit" size="xs" variant="subtle" color="red" loading={pending} aria-label={`Remove ${domain}`}>
        Remove
      </Button>
      {state.status === 'error' && <FormStatus state={state} />}
    </form>
  );
}

/** Asks for the DNS check of one pending domain; the outcome (or what is missing) shows below it. */
export function VerifyDomainButton({ orgSlug, domain }: { orgSlug: string; domain: string }) {
  const { state, pending, formProps } = useFormAction(verifyAllowedDomain);
  return (
    <form {...formProps}>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="domain" value={domain} />
      <Button type="submit" size="xs" variant="light" loading={pending} aria-label={`Verify ${domain}`}>
        Verify
      </Button>
      {state.status === 'error' && <FormStatus state={state} />}
    </form>
  );
}
