import { Grid, GridCol, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { PageHeader } from '@/components/dashboard/page-header';
import { AskChat, type ChatTurn, type MatchCardData } from '@/components/team/ask-chat';
import { NavLinkLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { dateTime } from '@/lib/dashboard/format';
import { getProfilesByIds, listSessionMessages, listSessions } from '@/lib/data/team';
import { UUID } from '@/lib/validation';

export const metadata: Metadata = { title: 'Ask the team' };

/**
 * "Ask the team": the member's earlier sessions in a sidebar (their own only, RLS), and the chat.
 * ?session=<id> reopens one, its answers with their match cards rebuilt from the stored metadata.
 */
export default async function AskPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<{ session?: string }>;
}) {
  const ctx = await getOrgContext((await params).orgSlug);
  const { session } = await searchParams;
  const sessions = await listSessions(ctx.supabase, { organizationId: ctx.org.id, userId: ctx.user.userId });
  const current = session && UUID.test(session) ? sessions.find((s) => s.id === session) : undefined;
  const messages = current ? await listSessionMessages(ctx.supabase, { sessionId: current.id }) : [];

  const meta = (m: (typeof messages)[number]) =>
    (m.metadata ?? {}) as { matched_profiles?: { profile_id: string; score: number; terms: string[] }[] };
  const ids = [...new Set(messages.flatMap((m) => (m.role === 'assistant' ? (meta(m).matched_profiles ?? []).map((p) => p.profile_id) : [])))];
  const profiles = new Map((await getProfilesByIds(ctx.supabase, { ids })).map((p) => [p.id, p]));
  const turns: ChatTurn[] = messages.map((m) => ({
    id: m.id,
    role: m.role === 'user' ? 'user' : 'assistant',
    content: m.content,
    matches:
      m.role === 'assistant'
        ? (meta(m).matched_profiles ?? []).flatMap((match): MatchCardData[] => {
            const p = profiles.get(match.profile_id);
            // a colleague who since opted out or was hidden is no longer shown
            return p ? [{ profile: p, score: match.score, terms: match.terms, reason: `Matches ${match.terms.slice(0, 4).join(', ')}` }] : [];
          })
        : undefined,
  }));
  const base = `/dashboard/${ctx.org.slug}/team/ask`;

  return (
    <Stack gap="md">
      <PageHeader
        title="Ask the team"
        back={{ href: `/dashboard/${ctx.org.slug}/team`, label: 'Team directory' }}
        description="Describe what you need; the assistant suggests colleagues who opted in, and why."
      />
      <Grid>
        <GridCol span={{ base: 12, md: 3 }}>
          <nav aria-label="Your sessions">
            <Title order={2} size="h5" mb="xs">
              Your sessions
            </Title>
            <NavLinkLink href={base} label="New question" active={!current} />
            {sessions.length === 0 && (
              <Text size="sm" c="dimmed">
                No sessions yet.
              </Text>
            )}
            {sessions.map((s) => (
              <NavLinkLink
                key={s.id}
                href={`${base}?session=${s.id}`}
                label={s.title}
                description={dateTime(s.last_message_at)}
                active={current?.id === s.id}
                aria-current={current?.id === s.id ? 'page' : undefined}
                data-testid="session-link"
              />
            ))}
          </nav>
        </GridCol>
        <GridCol span={{ base: 12, md: 9 }}>
          <AskChat key={current?.id ?? 'new'} orgSlug={ctx.org.slug} sessionId={current?.id ?? null} turns={turns} />
        </GridCol>
      </Grid>
    </Stack>
  );
}
