'use client';

import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { signUpLocal } from '@/lib/auth/local-actions';
import { useFormAction } from '@/components/ui/use-form-action';

/** Local provider sign-up: name and email; the organization is assigned by the database. */
export function LocalSignUp() {
  const { state, pending, formProps } = useFormAction(signUpLocal);
  return (
    <form {...formProps} noValidate>
      <Stack gap="sm">
        {state.status === 'error' && state.message && (
          <Alert color="red" role="alert" title="Could not create your account">
            {state.message}
          </Alert>
        )}
        <TextInput name="name" label="Your name" autoComplete="name" required error={state.fieldErrors?.name?.[0]} />
        <TextInput
          name="email"
          type="email"
          label="Work email"
          placeholder="you@company.com"
          autoComplete="email"
          required
          description="You join your company's organization if it has invited you or claims your email's domain."
          error={state.fieldErrors?.email?.[0]}
        />
        <Button type="submit" loading={pending}>
          Create account
        </Button>
      </Stack>
    </form>
  );
}
