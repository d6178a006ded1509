import { Paper, SimpleGrid, Text } from '@mantine/core';
import { formatValue, type ValueFormat } from './format';

export interface Kpi {
  label: string;
  value: unknown;
  format?: ValueFormat;
  hint?: string;
}

/** The headline figures of the range. */
export function KpiGrid({ items }: { items: Kpi[] }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" role="list" aria-label="Key figures">
      {items.map((k) => (
        <Paper key={k.label} withBorder p="sm" radius="md" role="listitem" data-testid={`kpi-${k.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {k.label}
          </Text>
          <Text size="xl" fw={700} data-testid="kpi-value">
            {formatValue(k.value, k.format)}
          </Text>
          {k.hint && (
            <Text size="xs" c="dimmed">
              {k.hint}
            </Text>
          )}
        </Paper>
      ))}
    </SimpleGrid>
  );
}
