'use client';

import { Alert, Button, Container, Text } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';

export interface ErrorBoundaryProps {
  error: Error & { digest?: string };
  reset: () => void;
}

/** What an error boundary shows: the failure logged in the browser, a message, and a retry. */
export function ErrorPanel({ error, reset, title, children }: ErrorBoundaryProps & { title: string; children: ReactNode }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <Container size="sm" py="xl">
      <Alert color="red" title={title} role="alert">
        <Text size="sm" mb="sm">
          {children}
        </Text>
        <Button size="xs" variant="light" color="red" onClick={reset}>
          Try again
        </Button>
      </Alert>
    </Container>
  );
}

/** " (reference <digest>)" when Next.js gave the error a digest to find it in the server log. */
export const reference = (error: ErrorBoundaryProps['error']) => (error.digest ? ` (reference ${error.digest})` : '');
