'use client';

import { Alert, Button, Container, Text } from '@mantine/core';
import { useEffect } from 'react';

/** A failed read (e.g. the data service is down): say so, offer a retry. */
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <Container size="sm" py="xl">
      <Alert color="red" title="This page could not be loaded" role="alert">
        <Text size="sm" mb="sm">
          Reading your organization&apos;s data failed{error.digest ? ` (reference ${error.digest})` : ''}. Try again in a
          moment; if it keeps failing, the details are in the server log.
        </Text>
        <Button size="xs" variant="light" color="red" onClick={reset}>
          Try again
        </Button>
      </Alert>
    </Container>
  );
}
