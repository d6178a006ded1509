import { Stack, Table, TableScrollContainer, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { AnchorLink } from '@/components/ui/links';
import { age, dateTime } from '@/lib/dashboard/format';
import type { MessageSearchRow } from '@/lib/data/messages';

const SENDERS: Record<MessageSearchRow['sender_type'], string> = { visitor: 'Visitor', ai: 'Assistant', agent: 'Agent', system: 'System' };

/** The words of a web-style query worth highlighting (no operators, no excluded words). */
export function queryTerms(query: string): string[] {
  return query
    .split(/\s+/)
    .filter((w) => !w.startsWith('-') && w.toLowerCase() !== 'or')
    .map((w) => w.replace(/^["(]+|[")]+$/g, ''))
    .filter((w) => w.length > 1);
}

/** The part of a long message around the first match, with every match marked. */
export function highlight(body: string, terms: string[]): ReactNode[] {
  const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = escaped.length ? new RegExp(`(${escaped.join('|')})`, 'gi') : null;
  const first = pattern ? body.search(pattern) : -1;
  const start = Math.max(0, first - 80);
  const text = `${start > 0 ? '…' : ''}${body.slice(start, start + 280)}${body.length > start + 280 ? '…' : ''}`;
  if (!pattern) return [text];
  return text.split(pattern).map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part));
}

/** Messages matching an inbox search, each linked to its conversation. */
export function MessageResults({ rows, query, base }: { rows: MessageSearchRow[]; query: string; base: string }) {
  const terms = queryTerms(query);
  return (
    <TableScrollContainer minWidth={700}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label="Matching messages">
        <TableThead>
          <TableTr>
            <TableTh>Conversation</TableTh>
            <TableTh>Message</TableTh>
            <TableTh>Sent</TableTh>
          </TableTr>
        </TableThead>
        <TableTbody>
          {rows.map((m) => (
            <TableTr key={m.id} data-testid="search-result">
              <TableTd>
                <Stack gap={2}>
                  <AnchorLink href={`${base}/${m.conversation.id}`} fw={600}>
                    {m.conversation.visitor?.name ?? m.conversation.visitor?.email ?? 'Anonymous visitor'}
                  </AnchorLink>
                  <Text size="xs" c="dimmed">
                    {SENDERS[m.sender_type]}
                    {m.is_internal ? ' · internal note' : ''}
                  </Text>
                </Stack>
              </TableTd>
              <TableTd maw={520}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {highlight(m.body, terms)}
                </Text>
              </TableTd>
              <TableTd title={dateTime(m.created_at)}>{age(m.created_at)} ago</TableTd>
            </TableTr>
          ))}
        </TableTbody>
      </Table>
    </TableScrollContainer>
  );
}
