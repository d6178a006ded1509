import { Alert, Button, Card, Container, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { callEmailRate } from '@/lib/email/rate';
import { submitRating } from '@/lib/email/rate-action';

export const metadata: Metadata = { title: 'Rate your conversation', robots: { index: false } };

type Props = { params: Promise<{ token: string }>; searchParams: Promise<{ score?: string; result?: string }> };

const LABELS = ['Very poor', 'Poor', 'Okay', 'Good', 'Excellent'];

const closed: Record<string, string> = {
  invalid: 'This rating link is not valid. Use the link from the email itself.',
  expired: 'This rating link has expired. Thank you all the same: if you need more help, write to us again.',
  reopened: 'This conversation was reopened after the email was sent, so there is nothing to rate yet. You will be asked again when it is resolved.',
  failed: 'We could not load this rating right now. Please try again in a moment.',
};

/**
 * Where the score links of a CSAT email land. Opening the link records nothing (link scanners and
 * mail previews open links): the page reads what the link can still do, and the visitor confirms
 * the score they clicked, with an optional comment. One rating per resolution, as in the widget.
 */
export default async function RatePage({ params, searchParams }: Props) {
  const [{ token }, { score, result }] = await Promise.all([params, searchParams]);
  const state = await callEmailRate({ token });
  const chosen = Number(score);
  return (
    <Container size="xs" py="xl">
      <Card withBorder padding="lg">
        <Stack component="main" gap="md">
          <Title order={1} size="h3">
            Rate your conversation
          </Title>
          {state.status === 'due' ? (
            <form action={submitRating}>
              <Stack gap="sm">
                {result === 'incomplete' ? (
                  <Alert color="red" role="alert">
                    Choose a score from 1 to 5.
                  </Alert>
                ) : result === 'failed' ? (
                  <Alert color="red" role="alert">
                    Your rating could not be saved. Please try again in a moment.
                  </Alert>
                ) : null}
                <input type="hidden" name="token" value={token} />
                <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                  <Text component="legend" fw={500} mb="xs">
                    How would you rate the help you got?
                  </Text>
                  <Stack gap={6}>
                    {LABELS.map((label, i) => (
                      <Group key={label} gap="xs" component="label">
                        <input type="radio" name="rating" value={i + 1} defaultChecked={chosen === i + 1} required />
                        <Text component="span">
                          {i + 1} – {label}
                        </Text>
                      </Group>
                    ))}
                  </Stack>
                </fieldset>
                <Textarea name="comment" label="Comment (optional)" maxLength={1000} autosize minRows={3} />
                <Button type="submit">Send my rating</Button>
              </Stack>
            </form>
          ) : state.status === 'already_rated' || state.status === 'rated' ? (
            <Text role="status">
              {result === 'rated' ? 'Thank you for your rating' : 'This conversation is already rated'}
              {state.rating ? `: ${state.rating} out of 5 (${LABELS[state.rating - 1]}).` : '.'}
            </Text>
          ) : (
            <Text role={state.status === 'failed' ? 'alert' : 'status'}>{closed[state.status]}</Text>
          )}
        </Stack>
      </Card>
    </Container>
  );
}
