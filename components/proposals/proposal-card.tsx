'use client';

import { Button, Card, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { approveProposal, dismissProposal } from '@/lib/dashboard/actions/article-proposals';
import type { ArticleProposalRow } from '@/lib/data/article-proposals';

/**
 * One pending proposal: the question and the team's answer, editable, with what approving does
 * (a new draft, or an addition to the article the assistant cited). Agents approve or dismiss;
 * viewers only read.
 */
export function ProposalCard({ orgSlug, proposal, canWork }: { orgSlug: string; proposal: ArticleProposalRow; canWork: boolean }) {
  const approve = useFormAction(approveProposal);
  const dismiss = useFormAction(dismissProposal);
  const e = approve.state.fieldErrors ?? {};
  const titleId = `proposal-${proposal.id}`;
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={titleId} data-testid="proposal">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Text fw={600} id={titleId}>
            {proposal.question}
          </Text>
          {/* plain text, not a light badge: the light gray badge fails the contrast check */}
          <Text size="sm" fw={600} data-testid="would-answer">
            Would answer {proposal.would_answer} escalation{proposal.would_answer === 1 ? '' : 's'}
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          {proposal.article_title ? `Adds to “${proposal.article_title}”, the article the assistant cited.` : 'A new article.'} Approving saves a
          draft; visitors see it only once it is published.
        </Text>
        {canWork ? (
          <form {...approve.formProps} aria-label={`Approve: ${proposal.question}`}>
            <Stack gap="xs">
              <input type="hidden" name="orgSlug" value={orgSlug} />
              <input type="hidden" name="proposalId" value={proposal.id} />
              <TextInput name="title" label="Title" defaultValue={proposal.question.slice(0, 300)} required error={e.title?.[0]} />
              <Textarea name="body" label="Answer" defaultValue={proposal.answer} autosize minRows={3} maxRows={12} required error={e.body?.[0]} />
              <Group justify="space-between">
                <FormStatus state={approve.state} />
                <Group gap="xs">
                  <Button type="submit" loading={approve.pending}>
                    Approve as draft
                  </Button>
                </Group>
              </Group>
            </Stack>
          </form>
        ) : (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {proposal.answer}
          </Text>
        )}
        {canWork && (
          <form {...dismiss.formProps}>
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="proposalId" value={proposal.id} />
            <Group justify="flex-end" gap="xs">
              <FormStatus state={dismiss.state} />
              <Button type="submit" variant="subtle" color="gray" loading={dismiss.pending}>
                Dismiss
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Card>
  );
}
