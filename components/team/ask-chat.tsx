'use client';

import { ActionIcon, Alert, Badge, Button, Card, Collapse, Group, Stack, Text, Textarea } from '@mantine/core';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { SafeMarkdown } from '@/components/markdown/safe-markdown';
import { ContactButtons } from '@/components/team/contact-buttons';

export interface CardProfile {
  id: string;
  user_id: string;
  display_name: string;
  title: string;
  expertise: string[];
  languages: string[];
  bio: string;
  work_email: string | null;
  linkedin_url: string | null;
}
export interface MatchCardData {
  profile: CardProfile;
  score: number;
  terms: string[];
  reason: string;
}
export interface ChatTurn {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  matches?: MatchCardData[];
}

/** One suggested colleague: why they match, expand for the full profile, heart to save, contact buttons. */
function MatchCard({ orgSlug, card, sessionId }: { orgSlug: string; card: MatchCardData; sessionId: string | null }) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const p = card.profile;
  const save = async () => {
    const res = await fetch(`/dashboard/${orgSlug}/team/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ profileId: p.id, sessionId, reason: card.reason }),
    });
    const body = (await res.json().catch(() => null)) as { alreadySaved?: boolean; error?: { message: string } } | null;
    if (!res.ok) setSaved(body?.error?.message ?? 'Could not save this contact.');
    else setSaved(body?.alreadySaved ? 'Already saved' : 'Saved to your contacts');
  };
  return (
    <Card withBorder padding="sm" data-testid="match-card">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text fw={600}>{p.display_name}</Text>
          <Text size="sm" c="dimmed">
            {p.title}
          </Text>
          <Text size="sm">{card.reason}</Text>
        </div>
        <ActionIcon variant="light" color="pink" onClick={() => void save()} aria-label={`Save ${p.display_name} to your contacts`}>
          <span aria-hidden="true">♥</span>
        </ActionIcon>
      </Group>
      {saved && (
        <Text size="xs" role="status" data-testid="save-status">
          {saved}
        </Text>
      )}
      <Button variant="subtle" size="xs" w="fit-content" px={0} onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        {open ? 'Show less' : 'Show full profile'}
      </Button>
      <Collapse expanded={open}>
        <Stack gap={4} mt={4}>
          {p.bio && <Text size="sm">{p.bio}</Text>}
          <Group gap={4}>
            {p.expertise.map((t) => (
              <Badge key={t} variant="light" size="sm">
                {t}
              </Badge>
            ))}
          </Group>
          {p.languages.length > 0 && <Text size="xs">Languages: {p.languages.join(', ')}</Text>}
        </Stack>
      </Collapse>
      <ContactButtons
        orgSlug={orgSlug}
        profileId={p.id}
        name={p.display_name}
        hasEmail={Boolean(p.work_email)}
        hasLinkedin={Boolean(p.linkedin_url)}
        sessionId={sessionId}
        reason={card.reason}
      />
    </Card>
  );
}

/** The streamed member chat: the question goes to …/team/ask/stream, the answer arrives line by line. */
export function AskChat({
  orgSlug,
  sessionId: initialSession,
  turns: initialTurns,
}: {
  orgSlug: string;
  sessionId: string | null;
  turns: ChatTurn[];
}) {
  const router = useRouter();
  const [sessionId, setSessionId] = useState(initialSession);
  const [turns, setTurns] = useState<ChatTurn[]>(initialTurns);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    const question = message.trim();
    if (!question || busy) return;
    setBusy(true);
    setError(null);
    setMessage('');
    const answerId = `pending-${Date.now()}`;
    setTurns((t) => [...t, { id: `${answerId}-q`, role: 'user', content: question }, { id: answerId, role: 'assistant', content: '' }]);
    const update = (patch: (turn: ChatTurn) => ChatTurn) => setTurns((t) => t.map((turn) => (turn.id === answerId ? patch(turn) : turn)));
    try {
      const res = await fetch(`/dashboard/${orgSlug}/team/ask/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: question, sessionId }),
      });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
        throw new Error(body?.error?.message ?? 'The question could not be sent.');
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let first = !sessionId;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          const event = JSON.parse(line) as {
            type: string;
            text?: string;
            session?: { id: string };
            matches?: MatchCardData[];
            error?: { message: string };
          };
          if (event.type === 'session' && event.session) {
            setSessionId(event.session.id);
            update((turn) => ({ ...turn, matches: event.matches ?? [] }));
          } else if (event.type === 'delta') {
            update((turn) => ({ ...turn, content: turn.content + (event.text ?? '') }));
          } else if (event.type === 'error') {
            setError(event.error?.message ?? 'The answer could not be completed.');
          } else if (event.type === 'done' && first) {
            first = false;
            // the new session appears in the sidebar
            router.refresh();
          }
        }
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The question could not be sent.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md">
      <Stack gap="sm" aria-live="polite" aria-busy={busy} data-testid="chat-log">
        {turns.length === 0 && (
          <Text c="dimmed" size="sm">
            Ask who knows about a topic, a product or a customer problem: colleagues who opted in are suggested with the reason.
          </Text>
        )}
        {turns.map((turn) => (
          <Stack key={turn.id} gap={6} data-testid={`turn-${turn.role}`}>
            <Card withBorder padding="sm" bg={turn.role === 'user' ? 'var(--mantine-color-blue-light)' : undefined}>
              <Text size="xs" fw={600} c="dimmed">
                {turn.role === 'user' ? 'You' : 'Assistant'}
              </Text>
              {turn.role === 'user' || !turn.content ? (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {turn.content || (busy ? 'Looking for colleagues…' : '')}
                </Text>
              ) : (
                // the assistant answers in Markdown (lists of colleagues, bold names, links)
                <SafeMarkdown compact>{turn.content}</SafeMarkdown>
              )}
            </Card>
            {turn.matches?.map((card) => (
              <MatchCard key={card.profile.id} orgSlug={orgSlug} card={card} sessionId={sessionId} />
            ))}
          </Stack>
        ))}
      </Stack>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <form
        aria-label="Ask the team"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <Stack gap="xs">
          <Textarea
            label="Your question"
            placeholder="Who knows about refunds for annual plans?"
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
            maxLength={2000}
            autosize
            minRows={2}
          />
          <Button type="submit" loading={busy} w="fit-content">
            Ask
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
