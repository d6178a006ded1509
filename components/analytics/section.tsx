import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** One analytics panel: a title, what it counts, its chart and table, and a CSV download. */
export function Section({ title, description, csvHref, children }: { title: string; description?: string; csvHref?: string; children: ReactNode }) {
  const id = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Group justify="space-between" align="flex-start" mb="sm" wrap="nowrap">
        <div>
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </div>
        {csvHref && (
          <Anchor href={csvHref} size="sm" download style={{ whiteSpace: 'nowrap' }} aria-label={`Download ${title} as CSV`}>
            Download CSV
          </Anchor>
        )}
      </Group>
      <Stack gap="md">{children}</Stack>
    </Card>
  );
}
