import { Badge, Group, List, ListItem, Paper, Stack, Text } from '@mantine/core';
import { SafeMarkdown } from '@/components/markdown/safe-markdown';
import type { Json } from '@/lib/database.types';
import { dateTime } from '@/lib/dashboard/format';
import { transitionLine } from '@/lib/dashboard/transition-line';
import type { TransitionRow } from '@/lib/data/conversation-state';
import type { MessageRow } from '@/lib/data/messages';

interface AiMeta {
  confidence?: number;
  intent?: string;
  sources: { id?: string; title: string }[];
}

/** confidence, intent and sources of an AI message, tolerating whatever metadata holds. */
function aiMeta(metadata: Json): AiMeta {
  const m = metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata : {};
  const sources = Array.isArray(m.sources) ? m.sources : [];
  return {
    confidence: typeof m.confidence === 'number' ? m.confidence : undefined,
    intent: typeof m.intent === 'string' ? m.intent : undefined,
    sources: sources.flatMap((s) =>
      s && typeof s === 'object' && !Array.isArray(s) && typeof s.title === 'string'
        ? [{ id: typeof s.id === 'string' ? s.id : undefined, title: s.title }]
        : [],
    ),
  };
}

const SIDE = { visitor: 'flex-start', ai: 'flex-start', agent: 'flex-end', system: 'center' } as const;

/** Transitions as thread lines, each after the messages of its instant (a reopen follows the message that caused it). */
function withTransitions(messages: MessageRow[], transitions: TransitionRow[]) {
  const lines = transitions.flatMap((t) => {
    const text = transitionLine(t);
    return text ? [{ id: t.id, created_at: t.created_at, text }] : [];
  });
  const items: ({ kind: 'message'; m: MessageRow } | { kind: 'line'; id: string; created_at: string; text: string })[] = [];
  let i = 0;
  for (const m of messages) {
    while (i < lines.length && Date.parse(lines[i]!.created_at) < Date.parse(m.created_at)) items.push({ kind: 'line', ...lines[i++]! });
    items.push({ kind: 'message', m });
  }
  for (; i < lines.length; i++) items.push({ kind: 'line', ...lines[i]! });
  return items;
}

/**
 * The whole conversation as the team sees it: visitor, AI (with its sources and confidence),
 * agents, system events, internal notes (never shown to the visitor) and the lines of its state
 * changes ("Grace took over", "Resolved by Alan", "Reopened by the customer").
 */
const DELIVERY: Record<string, string> = {
  pending: 'Sending',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Seen',
  failed: 'Failed',
};

/** Where a reply on a Facebook / Zalo conversation is: sending, sent, delivered, seen or failed. */
function DeliveryBadge({ status }: { status: string }) {
  // the default variant (dark text on white) keeps 4.5:1 contrast on every bubble colour
  return (
    <Badge size="xs" variant="default" data-testid="delivery-status">
      {DELIVERY[status] ?? status}
    </Badge>
  );
}

export function Thread({
  messages,
  transitions = [],
  names,
  visitorName,
  ratings = {},
}: {
  messages: MessageRow[];
  transitions?: TransitionRow[];
  names: Record<string, string>;
  visitorName: string;
  /** the visitor's thumbs on AI answers, by message id */
  ratings?: Record<string, number>;
}) {
  if (messages.length === 0 && transitions.length === 0) return <Text c="dimmed">No messages yet.</Text>;
  return (
    <Stack gap="sm" component="ol" aria-label="Conversation" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {withTransitions(messages, transitions).map((item) => {
        if (item.kind === 'line') {
          return (
            <Text component="li" key={item.id} size="xs" c="dimmed" ta="center" title={dateTime(item.created_at)} data-testid="transition-line">
              {item.text}
            </Text>
          );
        }
        const m = item.m;
        const who =
          m.sender_type === 'visitor'
            ? visitorName
            : m.sender_type === 'ai'
              ? 'Assistant'
              : m.sender_type === 'agent'
                ? (names[m.sender_id ?? ''] ?? `Former member (${m.sender_id ?? 'unknown'})`)
                : 'System';
        if (m.sender_type === 'system') {
          return (
            <Text component="li" key={m.id} size="xs" c="dimmed" ta="center" title={dateTime(m.created_at)}>
              {m.body}
            </Text>
          );
        }
        const meta = m.sender_type === 'ai' ? aiMeta(m.metadata) : undefined;
        const bg = m.is_internal
          ? 'var(--mantine-color-yellow-0)'
          : m.sender_type === 'agent'
            ? 'var(--mantine-color-teal-0)'
            : 'var(--mantine-color-gray-0)';
        return (
          <Paper
            component="li"
            key={m.id}
            withBorder
            p="sm"
            maw="85%"
            bg={bg}
            style={{ alignSelf: SIDE[m.sender_type] }}
            data-testid={`message-${m.sender_type}${m.is_internal ? '-internal' : ''}`}
          >
            <Group gap="xs" mb={4} wrap="wrap">
              <Text size="xs" fw={600}>
                {who}
              </Text>
              {m.is_internal && (
                <Badge size="xs" color="yellow">
                  Internal note
                </Badge>
              )}
              {meta?.confidence !== undefined && (
                <Badge size="xs" variant="light" color={meta.confidence < 0.55 ? 'orange' : 'teal'}>
                  confidence {Math.round(meta.confidence * 100)}%
                </Badge>
              )}
              {ratings[m.id] !== undefined && (
                <Badge size="xs" variant="light" color={ratings[m.id] === 1 ? 'teal' : 'red'} data-testid="answer-rating">
                  {ratings[m.id] === 1 ? 'Visitor: helpful' : 'Visitor: not helpful'}
                </Badge>
              )}
              <Text size="xs" c="dimmed" component="time" dateTime={m.created_at}>
                {dateTime(m.created_at)}
              </Text>
              {m.delivery?.direction === 'out' && <DeliveryBadge status={m.delivery.status} />}
            </Group>
            {m.sender_type === 'visitor' ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {m.body}
              </Text>
            ) : (
              // the team's replies and notes and the AI's answers are Markdown, rendered safely
              <SafeMarkdown compact>{m.body}</SafeMarkdown>
            )}
            {m.delivery?.status === 'failed' && m.delivery.error_message && (
              <Text size="xs" c="red.9" mt={4} data-testid="delivery-error">
                Not delivered: {m.delivery.error_message}
              </Text>
            )}
            {meta && meta.sources.length > 0 && (
              <>
                <Text size="xs" c="dimmed" mt={6}>
                  Sources
                </Text>
                <List size="xs">
                  {meta.sources.map((s, i) => (
                    <ListItem key={s.id ?? i}>{s.title}</ListItem>
                  ))}
                </List>
              </>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
}
