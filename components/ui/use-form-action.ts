'use client';

import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import { useOptionalLive } from '@/components/live/live-provider';
import { initialActionState, type ActionState } from '@/lib/dashboard/action-state';

type FormAction = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * useActionState for Mantine forms. React resets a form after its `action` runs, which would
 * wipe what the user typed when the server answers with a validation error; submitting through
 * onSubmit keeps the fields; `successes` counts the successful submits, so a form that should
 * start empty again after one uses it as its `key`. `action` stays on the form too, so it still
 * posts before hydration.
 */
export function useFormAction(action: FormAction, prepare?: (formData: FormData) => void) {
  const [state, dispatch, pending] = useActionState(action, initialActionState);
  // state adjusted during render: each new success state counts once
  const [seen, setSeen] = useState<ActionState>(state);
  const [successes, setSuccesses] = useState(0);
  if (state !== seen) {
    setSeen(state);
    if (state.status === 'success') setSuccesses((n) => n + 1);
  }
  // On the dashboard, live re-renders wait from the submit until the action has answered: Next
  // runs them and the action one after another, so a stream of them (a busy conversation) held a
  // reply back, and "Reply sent." with it, for tens of seconds under load. The action's answer
  // re-renders the page itself; a change announced meanwhile re-renders once after it.
  const live = useOptionalLive();
  const hold = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (pending) return;
    hold.current?.();
    hold.current = null;
  }, [pending, state]);
  useEffect(
    () => () => {
      hold.current?.();
      hold.current = null;
    },
    [],
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    hold.current?.();
    hold.current = live?.holdRefresh() ?? null;
    const formData = new FormData(event.currentTarget);
    prepare?.(formData);
    startTransition(() => dispatch(formData));
  };
  return { state, pending, successes, formProps: { action: dispatch, onSubmit } };
}
