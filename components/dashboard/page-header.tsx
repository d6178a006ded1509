import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { AnchorLink } from '@/components/ui/links';

/** The title block of every dashboard page (reused by the analytics and API key pages). */
export function PageHeader({
  title,
  description,
  back,
  actions,
  badges,
}: {
  title: ReactNode;
  description?: ReactNode;
  back?: { href: string; label: string };
  actions?: ReactNode;
  badges?: ReactNode;
}) {
  return (
    <Stack gap={4} mb="lg">
      {back && (
        <AnchorLink href={back.href} size="sm">
          ← {back.label}
        </AnchorLink>
      )}
      <Group justify="space-between" align="flex-start" gap="sm">
        <Group gap="sm" align="center">
          <Title order={1} size="h2">
            {title}
          </Title>
          {badges}
        </Group>
        {actions}
      </Group>
      {description && (
        // a div: a description may hold block elements (a channel's icon), which a <p> may not
        <Text c="dimmed" size="sm" component="div">
          {description}
        </Text>
      )}
    </Stack>
  );
}
