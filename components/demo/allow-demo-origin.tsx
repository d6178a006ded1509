'use client';

import { useEffect } from 'react';
import { useFormAction } from '@/components/ui/use-form-action';
import { allowDemoOrigin } from '@/lib/dashboard/actions/websites';
import styles from './demo.module.css';

/**
 * An admin's one click that lets this demo page run the website's widget. On success the page
 * loads again in full: the widget is a script outside React, embedded by the server's HTML.
 */
export function AllowDemoOrigin({ orgSlug, websiteId, origin }: { orgSlug: string; websiteId: string; origin: string }) {
  const { state, pending, formProps } = useFormAction(allowDemoOrigin);
  useEffect(() => {
    if (state.status === 'success') window.location.reload();
  }, [state]);
  return (
    <form {...formProps} aria-label="Allow this demo page">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="websiteId" value={websiteId} />
      <button type="submit" className={styles.cta} disabled={pending}>
        {pending ? 'Allowing…' : `Allow ${origin} to run the widget`}
      </button>
      {state.status === 'error' && (
        <p role="alert" className={styles.error}>
          {state.message}
        </p>
      )}
      {state.status === 'success' && <p role="status">{state.message} Loading the widget…</p>}
    </form>
  );
}
