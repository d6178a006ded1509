import { Badge, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import type { Json } from '@/lib/database.types';

/** What the assistant knew when it handed over: the question, its confidence, intent and reason. */
export function AiContextCard({ originalQuery, context }: { originalQuery: string | null; context: Json }) {
  const c = context && typeof context === 'object' && !Array.isArray(context) ? context : {};
  const confidence = typeof c.confidence === 'number' ? c.confidence : undefined;
  const known = new Set(['confidence', 'intent', 'reason', 'summary']);
  const rest = Object.fromEntries(Object.entries(c).filter(([k]) => !known.has(k)));
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">
        AI context
      </Title>
      <Stack gap="xs">
        {originalQuery && (
          <div>
            <Text size="xs" c="dimmed">
              Original question
            </Text>
            <Text size="sm" fs="italic">
              “{originalQuery}”
            </Text>
          </div>
        )}
        <Group gap={6}>
          {confidence !== undefined && (
            <Badge variant="light" color={confidence < 0.55 ? 'orange' : 'teal'}>
              confidence {Math.round(confidence * 100)}%
            </Badge>
          )}
          {typeof c.intent === 'string' && <Badge variant="outline">{c.intent}</Badge>}
          {typeof c.reason === 'string' && (
            <Badge variant="outline" color="gray">
              {c.reason.replace(/_/g, ' ')}
            </Badge>
          )}
        </Group>
        {typeof c.summary === 'string' && <Text size="sm">{c.summary}</Text>}
        {Object.keys(rest).length > 0 && (
          <Code block style={{ whiteSpace: 'pre-wrap', maxHeight: 200, overflow: 'auto' }}>
            {JSON.stringify(rest, null, 2)}
          </Code>
        )}
      </Stack>
    </Card>
  );
}
