'use client';

import { startTransition, useActionState, type FormEvent } from 'react';
import { initialActionState, type ActionState } from '@/lib/dashboard/action-state';

type FormAction = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * useActionState for Mantine forms. React resets a form after its `action` runs, which would
 * wipe what the user typed when the server answers with a validation error; submitting through
 * onSubmit keeps the fields (reset them on success yourself, e.g. with a `key`). `action` stays
 * on the form too, so it still posts before hydration.
 */
export function useFormAction(action: FormAction, prepare?: (formData: FormData) => void) {
  const [state, dispatch, pending] = useActionState(action, initialActionState);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    prepare?.(formData);
    startTransition(() => dispatch(formData));
  };
  return { state, pending, formProps: { action: dispatch, onSubmit } };
}
