import pg from 'pg';
import type { Question } from './questions';
import { runEval, type EvalOptions } from './run';
import { answeredRight, escalated } from './summary';

export interface LearningSummary {
  /** questions of the set that carry a team's answer (`learn`) */
  learnable: number;
  /** of those, escalated before any proposal was approved */
  escalatedBefore: number;
  proposalsApproved: number;
  /** the escalated questions, asked again once their approved drafts were published, answered citing that article */
  answeredAfter: number;
  paraphrases: number;
  paraphrasesAnsweredAfter: number;
  /** asked again, and asked of the other organization: answers from another organization's articles (must be 0) */
  wrongOrgAnswers: number;
}

/** The demo organizations' ids and the members who answer and publish (supabase/seed.sql). */
const teams = {
  acme: { orgId: 'a0000000-0000-4000-8000-000000000001', agent: 'user_acme_agent', owner: 'user_acme_owner' },
  globex: { orgId: 'b0000000-0000-4000-8000-000000000001', agent: 'user_globex_agent', owner: 'user_globex_owner' },
} as const;

/**
 * Runs one statement as a signed-in member with the organization active, the way PostgREST does
 * for the dashboard (the JWT claims, then role authenticated): RLS and the RPCs' role checks apply.
 */
async function asMember<R extends pg.QueryResultRow>(db: pg.Client, user: string, orgId: string, sql: string, params: unknown[]) {
  const { rows } = await db.query<{ slug: string }>('select slug from public.organizations where id = $1', [orgId]);
  const claims = { sub: user, role: 'authenticated', o: { id: orgId, slg: rows[0]?.slug } };
  await db.query('begin');
  try {
    await db.query("select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)", [JSON.stringify(claims)]);
    const result = await db.query<R>(sql, params);
    await db.query('commit');
    return result.rows;
  } catch (e) {
    await db.query('rollback');
    throw e;
  }
}

/**
 * The learning phase (issue 12): the questions a team would answer (`learn`) are asked; each one
 * escalated becomes a resolved ticket the way the product makes one (the widget's conversation,
 * the agent's visible reply, resolve_conversation, so conversations_propose_article proposes it),
 * its proposal is approved with approve_article_proposal as the agent (the dashboard's RPC) and
 * the draft published by the owner; then the same questions, their paraphrases and the questions
 * asked of the other organization go through the widget again. Everything it created (conversations,
 * proposals, articles) is deleted at the end, so the seed is as before.
 */
export async function runLearning({ config, keys, questions, ipPrefix = '10.79', log = () => undefined }: EvalOptions) {
  const tag = Math.random().toString(36).slice(2, 8);
  const learnable = questions.filter((q) => q.learn);
  const db = new pg.Client({ connectionString: config.db.url });
  await db.connect();
  const articleIds: string[] = [];
  const proposalIds: string[] = [];
  const conversationIds: string[] = [];
  try {
    // both rounds from the same addresses: a question and its second asking, two messages an address
    const ask = (qs: Question[], round: string) =>
      runEval({ config, keys, questions: qs.map((q) => ({ ...q, id: `learn-${tag}-${round}-${q.id}` })), ipPrefix, log });
    const before = await ask(learnable, 'before');
    const escalatedBefore = learnable.filter((q, i) => escalated(before.results[i]!));
    const learned: { q: Question; slug: string }[] = [];
    for (const q of escalatedBefore) {
      const team = teams[q.org];
      const [conversation] = (
        await db.query<{ conversation_id: string }>(
          `select conversation_id from public.messages where organization_id = $1 and sender_type = 'visitor' and client_msg_id = $2`,
          [team.orgId, `eval-learn-${tag}-before-${q.id}-answer`],
        )
      ).rows;
      if (!conversation) throw new Error(`no conversation for ${q.id}`);
      conversationIds.push(conversation.conversation_id);
      await asMember(
        db,
        team.agent,
        team.orgId,
        `insert into public.messages (organization_id, conversation_id, sender_type, body, is_internal, client_msg_id)
         values ($1, $2, 'agent', $3, false, $4)`,
        [team.orgId, conversation.conversation_id, q.learn!.answer, `learn-${tag}-${q.id}`],
      );
      await asMember(db, team.agent, team.orgId, 'select public.resolve_conversation($1)', [conversation.conversation_id]);
      const [proposal] = await asMember<{ id: string }>(
        db,
        team.agent,
        team.orgId,
        `select id from public.article_proposals where conversation_id = $1 and status = 'pending'`,
        [conversation.conversation_id],
      );
      if (!proposal) throw new Error(`resolving ${q.id} proposed no article`);
      proposalIds.push(proposal.id);
      const [draft] = await asMember<{ id: string }>(db, team.agent, team.orgId, 'select public.approve_article_proposal($1) as id', [proposal.id]);
      articleIds.push(draft!.id);
      const [published] = await asMember<{ slug: string }>(
        db,
        team.owner,
        team.orgId,
        'update public.articles set is_published = true where id = $1 returning slug',
        [draft!.id],
      );
      if (!published) throw new Error(`the owner could not publish the draft of ${q.id}`);
      learned.push({ q, slug: published.slug });
      log(`${q.id}: proposal approved and published as ${published.slug}`);
    }
    const again = learned.map(({ q, slug }) => ({ ...q, expect: slug, kind: 'direct' as const }));
    const paraphrased = learned.flatMap(({ q, slug }) =>
      q.learn!.paraphrases.map((question, i) => ({ ...q, id: `${q.id}p${i + 1}`, question, expect: slug, kind: 'paraphrase' as const })),
    );
    const otherOrg = learned.map(({ q }) => ({
      ...q,
      org: q.org === 'acme' ? ('globex' as const) : ('acme' as const),
      expect: null,
      kind: 'other-org' as const,
    }));
    const after = await ask([...again, ...paraphrased, ...otherOrg], 'after');
    const byKind = (kind: Question['kind']) => after.results.filter((r) => r.kind === kind);
    const summary: LearningSummary = {
      learnable: learnable.length,
      escalatedBefore: escalatedBefore.length,
      proposalsApproved: proposalIds.length,
      answeredAfter: byKind('direct').filter(answeredRight).length,
      paraphrases: paraphrased.length,
      paraphrasesAnsweredAfter: byKind('paraphrase').filter(answeredRight).length,
      wrongOrgAnswers: before.summary.wrongOrgAnswers + after.summary.wrongOrgAnswers,
    };
    return {
      summary,
      before: before.results,
      after: after.results,
      created: { articles: articleIds, proposals: proposalIds, conversations: conversationIds },
    };
  } finally {
    await cleanUpLearning(db, tag, articleIds, proposalIds);
    await db.end();
  }
}

/**
 * Deletes what the learning phase created, as the database owner (members cannot delete them):
 * the answers' mentions and views of the new articles (their check wants an article or a URL, so
 * they cannot outlive it), the proposals, the conversations with their visitors, the articles.
 */
async function cleanUpLearning(db: pg.Client, tag: string, articleIds: string[], proposalIds: string[]) {
  await db.query('begin');
  try {
    await db.query('delete from public.article_mentions where article_id = any($1::uuid[])', [articleIds]);
    await db.query('delete from public.article_views where article_id = any($1::uuid[])', [articleIds]);
    await db.query('delete from public.article_proposals where id = any($1::uuid[])', [proposalIds]);
    const { rows } = await db.query<{ visitor_id: string | null }>(
      `delete from public.conversations where id in (select conversation_id from public.messages
         where sender_type = 'visitor' and client_msg_id like $1) returning visitor_id`,
      [`eval-learn-${tag}-%`],
    );
    await db.query('delete from public.visitors where id = any($1::uuid[])', [rows.map((r) => r.visitor_id)]);
    await db.query('delete from public.articles where id = any($1::uuid[])', [articleIds]);
    await db.query('commit');
  } catch (e) {
    await db.query('rollback');
    throw e;
  }
}

export function learningSummary(s: LearningSummary): string {
  return [
    `| learning from resolved conversations | value |`,
    `|---|---|`,
    `| questions a team would answer (escalated before approving) | ${s.learnable} (${s.escalatedBefore}) |`,
    `| proposals approved and published | ${s.proposalsApproved} |`,
    `| escalated questions answered after approving proposals | ${s.answeredAfter} of ${s.escalatedBefore} |`,
    `| their paraphrases answered | ${s.paraphrasesAnsweredAfter} of ${s.paraphrases} |`,
    `| wrong-organization answers (asked again, and of the other organization) | ${s.wrongOrgAnswers} |`,
  ].join('\n');
}
