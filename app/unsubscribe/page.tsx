import { Button, Card, Container, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { unsubscribe } from '@/lib/email/unsubscribe';

export const metadata: Metadata = { title: 'Unsubscribe', robots: { index: false } };

type Props = { searchParams: Promise<{ token?: string; result?: string }> };

const results: Record<string, string> = {
  done: 'You are unsubscribed. You will not get this kind of email from this organization again.',
  invalid: 'This unsubscribe link is not valid. Use the link from the email itself.',
  failed: 'Something went wrong. Please try again in a moment.',
};

/**
 * Where an email's "Unsubscribe" link lands. It asks before acting: link scanners and mail
 * previews open links, and a GET must not unsubscribe anyone (mail clients' one-click POST goes to
 * the email-unsubscribe function directly).
 */
export default async function UnsubscribePage({ searchParams }: Props) {
  const { token, result } = await searchParams;
  return (
    <Container size="xs" py="xl">
      <Card withBorder padding="lg">
        <Stack component="main" gap="md">
          <Title order={1} size="h3">
            Unsubscribe
          </Title>
          {result && results[result] ? (
            <Text role="status">{results[result]}</Text>
          ) : token ? (
            <form action={unsubscribe}>
              <Stack gap="sm">
                <Text>Stop this kind of email from this organization?</Text>
                <input type="hidden" name="token" value={token} />
                <Button type="submit">Unsubscribe</Button>
              </Stack>
            </form>
          ) : (
            <Text>{results.invalid}</Text>
          )}
        </Stack>
      </Card>
    </Container>
  );
}
