import { Container, Group, Stack, Text, Title } from '@mantine/core';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { ButtonLink } from '@/components/ui/links';

/** Unknown organizations, tickets and conversations, and those of organizations you are not in. */
export default function DashboardNotFound() {
  return (
    <Container size="sm" py={80}>
      <Stack align="center" ta="center" gap="sm">
        <Title order={1} size="h2">
          Not found
        </Title>
        <Text c="dimmed">This page does not exist, or it belongs to an organization you are not a member of.</Text>
        <Group justify="center">
          <ButtonLink href="/dashboard" variant="light">
            Your organizations
          </ButtonLink>
          <SignOutButton />
        </Group>
      </Stack>
    </Container>
  );
}
