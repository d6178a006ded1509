import { Container, Group, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { ButtonLink } from '@/components/ui/links';

export const metadata: Metadata = { title: 'Forbidden' };

/**
 * What forbidden() renders, with status 403: an admin-only page opened by a member whose role
 * does not allow it (SECURITY.md, the role matrix). Nothing of the page's data was read.
 */
export default function Forbidden() {
  return (
    <Container size="sm" py={80}>
      <Stack align="center" ta="center" gap="sm">
        <Title order={1} size="h2">
          Admins only
        </Title>
        <Text c="dimmed">Your role in this organization does not open this page. Ask an admin or owner if you need it.</Text>
        <Group justify="center">
          <ButtonLink href="/dashboard" variant="light">
            Your organizations
          </ButtonLink>
        </Group>
      </Stack>
    </Container>
  );
}
