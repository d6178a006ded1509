import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { AssignExpertButton } from '@/components/team/assign-expert';
import { AnchorLink } from '@/components/ui/links';
import type { Client } from '@/lib/supabase/types';
import { findColleagues } from '@/lib/team/matching';

/**
 * "Find an expert" on a ticket: the same matching as "ask the team", on the ticket's subject and
 * the visitor's question, with a one-click assign for colleagues who can take tickets (agents and
 * up; assignableUserIds). The agent looking is never suggested (match_profiles excludes them).
 */
export async function FindExpertCard({
  supabase,
  orgSlug,
  ticketId,
  text,
  assignableUserIds,
  assigneeId,
}: {
  supabase: Client;
  orgSlug: string;
  ticketId: string;
  text: string;
  assignableUserIds: string[];
  assigneeId: string | null;
}) {
  const { cards } = await findColleagues(supabase, text, 3);
  return (
    <Card withBorder data-testid="find-expert">
      <Title order={2} size="h5" mb="xs">
        Find an expert
      </Title>
      {cards.length === 0 ? (
        <Text size="sm" c="dimmed">
          No colleague&apos;s profile matches this ticket. <AnchorLink href={`/dashboard/${orgSlug}/team/ask`}>Ask the team</AnchorLink>
        </Text>
      ) : (
        <Stack gap="sm">
          {cards.map((card) => (
            <Group key={card.profile.id} justify="space-between" wrap="nowrap" align="flex-start" data-testid="expert-suggestion">
              <div>
                <Text size="sm" fw={600}>
                  {card.profile.display_name}
                </Text>
                <Text size="xs" c="dimmed">
                  {card.profile.title ? `${card.profile.title} · ` : ''}
                  {card.reason}
                </Text>
              </div>
              {card.profile.user_id === assigneeId ? (
                <Text size="xs">Assigned</Text>
              ) : (
                assignableUserIds.includes(card.profile.user_id) && (
                  <AssignExpertButton orgSlug={orgSlug} ticketId={ticketId} userId={card.profile.user_id} name={card.profile.display_name} />
                )
              )}
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
