import { Card, Group, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { EmptyState } from '@/components/dashboard/empty-state';
import { PageHeader } from '@/components/dashboard/page-header';
import { LabelBadge } from '@/components/labels/label-badge';
import { CreateLabelForm, LabelActions } from '@/components/labels/label-forms';
import { AnchorLink } from '@/components/ui/links';
import { getOrgContext } from '@/lib/dashboard/context';
import { getInboxLabelCounts } from '@/lib/data/labels';

export const metadata: Metadata = { title: 'Labels' };

/** The organization's labels with their open conversations; admins add, rename, recolour and delete them. */
export default async function LabelsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  const labels = await getInboxLabelCounts(ctx.supabase);
  const inbox = `/dashboard/${ctx.org.slug}/conversations`;
  return (
    <Stack gap="md" maw={960}>
      <PageHeader
        title="Labels"
        description="Tag conversations and tickets (billing, bug, vip…), then filter the inbox and count them in analytics."
      />
      {ctx.can.manage && (
        <Card withBorder padding="lg">
          <Title order={2} size="h4" mb="sm">
            Add a label
          </Title>
          <CreateLabelForm orgSlug={ctx.org.slug} />
        </Card>
      )}
      {labels.length === 0 ? (
        <EmptyState title="No labels yet">{ctx.can.manage ? 'Add one above.' : 'Admins define the labels your team uses.'}</EmptyState>
      ) : (
        <Card withBorder padding={0}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Labels">
            <TableThead>
              <TableTr>
                <TableTh>Label</TableTh>
                <TableTh>Open conversations</TableTh>
                {ctx.can.manage && <TableTh aria-label="Actions" />}
              </TableTr>
            </TableThead>
            <TableTbody>
              {labels.map((l) => (
                <TableTr key={l.label_id} data-testid="label-row">
                  <TableTd>
                    <LabelBadge name={l.name} color={l.color} />
                  </TableTd>
                  <TableTd>
                    <AnchorLink href={`${inbox}?view=all&label=${l.label_id}`} size="sm">
                      {l.open_conversations}
                    </AnchorLink>
                  </TableTd>
                  {ctx.can.manage && (
                    <TableTd>
                      <Group justify="flex-end">
                        <LabelActions orgSlug={ctx.org.slug} label={{ id: l.label_id, name: l.name, color: l.color }} />
                      </Group>
                    </TableTd>
                  )}
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
