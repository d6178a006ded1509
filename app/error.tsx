'use client';

import { Alert, Button, Container, Text } from '@mantine/core';
import { useEffect } from 'react';

export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <Container size="sm" py="xl">
      <Alert color="red" title="Something went wrong" role="alert">
        <Text size="sm" mb="sm">
          The page failed to render{error.digest ? ` (reference ${error.digest})` : ''}. The details are in the server log. If
          you run locally, check that the stack is up (<code>npm run stack -- status</code>).
        </Text>
        <Button size="xs" variant="light" color="red" onClick={reset}>
          Try again
        </Button>
      </Alert>
    </Container>
  );
}
