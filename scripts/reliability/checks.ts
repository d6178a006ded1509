import { withClient } from '../stack/database';
import type { Turn } from './widget-client';

/** What the database holds for a set of chat turns, against what the clients were told. */
export interface ChatLedger {
  turns: number;
  acknowledged: number;
  answered: number;
  gaveUp: number;
  /** acknowledged (a `message` event with its id) but not in the database */
  lostAcknowledged: number;
  /** a visitor message stored more than once under one client_msg_id (impossible by the unique key; checked anyway) */
  duplicateVisitor: number;
  /** answered (`done`) but the visitor message, or its reply with the id `done` named, is missing */
  answeredMissing: number;
  /** AI replies in these conversations that answer no visitor message */
  orphanReplies: number;
  /** more than one AI reply to one visitor message */
  duplicateReplies: number;
  /** visitor messages stored without a reply (only a turn that gave up may leave one) */
  unansweredStored: number;
  failedAttempts: number;
}

export async function checkChat(dbUrl: string, turns: Turn[]): Promise<ChatLedger> {
  const conversations = [...new Set(turns.map((t) => t.conversationId))];
  const rows = await withClient(
    dbUrl,
    async (c) =>
      (
        await c.query<{
          id: string;
          conversation_id: string;
          sender_type: string;
          client_msg_id: string | null;
          reply_key: string | null;
          in_reply_to: string | null;
        }>(
          `select m.id, m.conversation_id, m.sender_type::text, m.client_msg_id,
                case when m.sender_type = 'visitor' then private.ai_reply_key(m.client_msg_id) end as reply_key,
                m.metadata ->> 'in_reply_to' as in_reply_to
           from public.messages m where m.conversation_id = any($1::uuid[])`,
          [conversations],
        )
      ).rows,
  );
  const visitors = rows.filter((r) => r.sender_type === 'visitor');
  const replies = rows.filter((r) => r.sender_type === 'ai');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const visitorCount = new Map<string, number>();
  for (const v of visitors)
    visitorCount.set(`${v.conversation_id}/${v.client_msg_id}`, (visitorCount.get(`${v.conversation_id}/${v.client_msg_id}`) ?? 0) + 1);
  const replyCount = new Map<string, number>();
  for (const r of replies)
    replyCount.set(`${r.conversation_id}/${r.client_msg_id}`, (replyCount.get(`${r.conversation_id}/${r.client_msg_id}`) ?? 0) + 1);
  const replyKeys = new Set(visitors.map((v) => `${v.conversation_id}/${v.reply_key}`));
  const ledger: ChatLedger = {
    turns: turns.length,
    acknowledged: turns.filter((t) => t.acknowledgedId).length,
    answered: turns.filter((t) => t.done).length,
    gaveUp: turns.filter((t) => !t.done).length,
    lostAcknowledged: turns.filter((t) => t.acknowledgedId && !byId.has(t.acknowledgedId)).length,
    duplicateVisitor: [...visitorCount.values()].filter((n) => n > 1).length,
    answeredMissing: turns.filter(
      (t) =>
        t.done &&
        ((visitorCount.get(`${t.conversationId}/${t.clientMsgId}`) ?? 0) !== 1 || (t.replyId !== null && byId.get(t.replyId)?.sender_type !== 'ai')),
    ).length,
    orphanReplies: replies.filter((r) => !replyKeys.has(`${r.conversation_id}/${r.client_msg_id}`)).length,
    duplicateReplies: [...replyCount.values()].filter((n) => n > 1).length,
    unansweredStored: visitors.filter((v) => !replyCount.has(`${v.conversation_id}/${v.reply_key}`)).length,
    failedAttempts: turns.reduce((n, t) => n + t.failedAttemptMs.length, 0),
  };
  return ledger;
}

/** Every ticket number of an organization: unique and gapless from 1 to organizations.ticket_seq. */
export async function checkTicketNumbers(dbUrl: string, organizationId: string) {
  return withClient(dbUrl, async (c) => {
    const { rows } = await c.query<{ n: number; distinct_n: number; max_n: number | null; seq: number; escalated: number }>(
      `select count(t.*)::int as n, count(distinct t.number)::int as distinct_n, max(t.number) as max_n,
              (select ticket_seq from public.organizations where id = $1)::int as seq,
              (select count(*) from public.conversations where organization_id = $1 and is_escalated)::int as escalated
         from public.tickets t where t.organization_id = $1`,
      [organizationId],
    );
    const r = rows[0]!;
    return {
      tickets: r.n,
      duplicateNumbers: r.n - r.distinct_n,
      gaps: (r.max_n ?? 0) - r.distinct_n,
      seqMatches: (r.max_n ?? 0) === r.seq,
      escalatedConversations: r.escalated,
    };
  });
}
