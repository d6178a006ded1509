'use client';

import { useEffect } from 'react';
import { Callout } from '@/components/callout';

export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <section className="panel">
      <Callout tone="error" title="Something went wrong">
        <p>
          The page failed to render{error.digest ? ` (reference ${error.digest})` : ''}. The details are in the server
          log.
        </p>
        <button type="button" className="button" onClick={reset}>
          Try again
        </button>
      </Callout>
    </section>
  );
}
