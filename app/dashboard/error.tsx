'use client';

import { ErrorPanel, reference, type ErrorBoundaryProps } from '@/components/ui/error-panel';

/** A failed read (e.g. the data service is down): say so, offer a retry. */
export default function DashboardError(props: ErrorBoundaryProps) {
  return (
    <ErrorPanel {...props} title="This page could not be loaded">
      Reading your organization&apos;s data failed{reference(props.error)}. Try again in a moment; if it keeps failing, the details are in the server
      log.
    </ErrorPanel>
  );
}
