import { Alert } from '@mantine/core';
import type { ActionState } from '@/lib/dashboard/action-state';

/** The outcome of a form's last submit, announced to screen readers. */
export function FormStatus({ state }: { state: ActionState }) {
  return (
    <div aria-live="polite">
      {state.status === 'success' && (
        <Alert color="teal" variant="light" p={8}>
          {state.message}
        </Alert>
      )}
      {state.status === 'error' && (
        <Alert color="red" variant="light" p={8} role="alert">
          {state.message}
        </Alert>
      )}
    </div>
  );
}
