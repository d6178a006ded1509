'use client';

import { ErrorPanel, reference, type ErrorBoundaryProps } from '@/components/ui/error-panel';

export default function RootError(props: ErrorBoundaryProps) {
  return (
    <ErrorPanel {...props} title="Something went wrong">
      The page failed to render{reference(props.error)}. The details are in the server log. If you run locally, check that the stack is up (
      <code>npm run stack -- status</code>).
    </ErrorPanel>
  );
}
