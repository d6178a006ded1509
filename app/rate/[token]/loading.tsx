import { Card, Container, Skeleton, Stack } from '@mantine/core';

/** While the page asks the email-rate function what the link can still do. */
export default function RateLoading() {
  return (
    <Container size="xs" py="xl">
      <Card withBorder padding="lg" aria-busy="true" aria-label="Loading your rating">
        <Stack gap="md">
          <Skeleton height={24} width="60%" />
          <Skeleton height={120} />
        </Stack>
      </Card>
    </Container>
  );
}
