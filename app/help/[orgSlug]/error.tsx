'use client';

import styles from '@/components/help/help.module.css';

/** A help-center page whose read failed: say so and offer a retry, never a stack trace. */
export default function HelpCenterError({ reset }: { reset: () => void }) {
  return (
    <main className={styles.page}>
      <h1>Something went wrong</h1>
      <p role="alert">This help center page could not be loaded just now.</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </main>
  );
}
