'use client';

import { Alert, Button, Divider, Stack, Text, TextInput, UnstyledButton, Group, Avatar } from '@mantine/core';
import { signInLocal } from '@/lib/auth/local-actions';
import type { DemoUser } from '@/lib/auth/local-users';
import { useFormAction } from '@/components/ui/use-form-action';

/** Local provider sign-in: one click as a seeded demo user, or by email for anyone who signed up. */
export function LocalSignIn({ demoUsers, redirectUrl }: { demoUsers: readonly DemoUser[]; redirectUrl?: string }) {
  const { state, pending, formProps } = useFormAction(signInLocal);
  return (
    <Stack gap="md">
      {state.status === 'error' && state.message && (
        <Alert color="red" role="alert" title="Could not sign in">
          {state.message}
        </Alert>
      )}
      <Text size="sm" fw={600} id="demo-users-label">
        Demo users
      </Text>
      <Stack gap={6} role="list" aria-labelledby="demo-users-label">
        {demoUsers.map((u) => (
          <form key={u.id} {...formProps} role="listitem">
            <input type="hidden" name="email" value={u.email} />
            {redirectUrl && <input type="hidden" name="redirect_url" value={redirectUrl} />}
            <UnstyledButton
              type="submit"
              disabled={pending}
              aria-label={`Sign in as ${u.name} (${u.description})`}
              w="100%"
              p="xs"
              style={{ borderRadius: 'var(--mantine-radius-md)', border: '1px solid var(--mantine-color-gray-3)' }}
            >
              <Group gap="sm" wrap="nowrap">
                <Avatar name={u.name} color="initials" size="sm" />
                <div>
                  <Text size="sm" fw={500}>
                    {u.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {u.email} · {u.description}
                  </Text>
                </div>
              </Group>
            </UnstyledButton>
          </form>
        ))}
      </Stack>
      <Divider label="or with your email" labelPosition="center" />
      <form {...formProps} noValidate>
        <Stack gap="sm">
          {redirectUrl && <input type="hidden" name="redirect_url" value={redirectUrl} />}
          <TextInput
            name="email"
            type="email"
            label="Email"
            placeholder="you@company.com"
            autoComplete="email"
            required
            error={state.fieldErrors?.email?.[0]}
          />
          <Button type="submit" loading={pending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
