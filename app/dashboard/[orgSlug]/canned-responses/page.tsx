import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { CannedActions, CreateCannedForm } from '@/components/canned/canned-forms';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { SafeMarkdown } from '@/components/markdown/safe-markdown';
import { getOrgContext } from '@/lib/dashboard/context';
import { listCannedResponses, type CannedResponseRow } from '@/lib/data/canned-responses';

export const metadata: Metadata = { title: 'Canned responses' };

function ResponseList({ title, rows, orgSlug, editable }: { title: string; rows: CannedResponseRow[]; orgSlug: string; editable: boolean }) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Title order={2} size="h4">
        {title}
      </Title>
      {rows.map((r) => (
        <Card key={r.id} withBorder padding="sm" data-testid="canned-response">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Group gap="xs">
              <Badge variant="light" tt="none" ff="monospace">
                /{r.shortcut}
              </Badge>
              <Text fw={600} size="sm">
                {r.title}
              </Text>
            </Group>
            {editable && <CannedActions orgSlug={orgSlug} response={r} />}
          </Group>
          <SafeMarkdown compact>{r.body}</SafeMarkdown>
        </Card>
      ))}
    </Stack>
  );
}

/**
 * Saved replies agents insert with "/" in the reply box: the organization's shared ones (admins
 * manage them) and each member's own. Everyone sees the shared ones and their own only.
 */
export default async function CannedResponsesPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  const rows = await listCannedResponses(ctx.supabase);
  const shared = rows.filter((r) => r.owner_id === null);
  const mine = rows.filter((r) => r.owner_id !== null);
  return (
    <Stack gap="md" maw={960}>
      <PageHeader
        title="Canned responses"
        description="Type / in a reply to search these and insert one; {{customer.name}}, {{agent.name}} and {{ticket.ref}} are filled in."
      />
      {ctx.can.work && (
        <Card withBorder padding="lg">
          <Title order={2} size="h4" mb="sm">
            Add a response
          </Title>
          <CreateCannedForm orgSlug={ctx.org.slug} canShare={ctx.can.manage} />
        </Card>
      )}
      {rows.length === 0 ? (
        <EmptyState title="No canned responses yet">
          {ctx.can.work ? 'Add one above; it is ready in every reply box right away.' : 'Admins add the shared ones.'}
        </EmptyState>
      ) : (
        <>
          {shared.length > 0 && <ResponseList title="Shared with the team" rows={shared} orgSlug={ctx.org.slug} editable={ctx.can.manage} />}
          {mine.length > 0 && <ResponseList title="Only mine" rows={mine} orgSlug={ctx.org.slug} editable />}
        </>
      )}
    </Stack>
  );
}
