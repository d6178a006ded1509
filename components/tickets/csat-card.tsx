import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { dateTime } from '@/lib/dashboard/format';
import type { CsatRating } from '@/lib/data/csat';

/** What the visitor said of each resolution of the conversation (the widget's 1-5 question). */
export function CsatCard({ ratings, names }: { ratings: CsatRating[]; names: Record<string, string> }) {
  return (
    <Card withBorder data-testid="csat-card">
      <Title order={2} size="h5" mb="xs">
        Customer satisfaction
      </Title>
      {ratings.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not rated yet. The widget asks the visitor once the conversation is resolved.
        </Text>
      ) : (
        <Stack gap="xs">
          {ratings.map((r) => (
            <div key={r.id}>
              <Group gap={6}>
                <Text fw={700} size="sm" aria-label={`${r.rating} out of 5`}>
                  {'★'.repeat(r.rating)}
                  {'☆'.repeat(5 - r.rating)}
                </Text>
                <Text size="sm">{r.rating}/5</Text>
              </Group>
              {r.comment && <Text size="sm">“{r.comment}”</Text>}
              <Text size="xs" c="dimmed">
                {dateTime(r.created_at)}
                {r.agent_id ? ` · ${names[r.agent_id] ?? r.agent_id}` : ''}
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}
