import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { projectRoot, type StackConfig } from '../stack/config';
import type { StackKeys } from '../stack/keys';

/**
 * The answer eval: every question of scripts/eval/questions.json goes through the widget's real
 * path on a running stack (widget-session, then the chat function's streamed answer, then
 * widget_chat_turn's retrieval for the ranking), and the results are scored against the article
 * that answers it, or against "must escalate".
 */

const questionSchema = z.object({
  id: z.string(),
  org: z.enum(['acme', 'globex']),
  question: z.string().min(1),
  expect: z.string().nullable(),
  section: z.string().optional(),
  kind: z.enum(['direct', 'paraphrase', 'typo', 'language', 'escalate', 'other-org']),
  subset: z.boolean().optional(),
  /** escalate questions a team would answer: its reply, and paraphrases to ask once it is an article */
  learn: z.object({ answer: z.string().min(1), paraphrases: z.array(z.string().min(1)) }).optional(),
});
export type Question = z.infer<typeof questionSchema>;

export function loadQuestions(subset = false): Question[] {
  const file = path.join(projectRoot, 'scripts/eval/questions.json');
  const all = z.object({ questions: z.array(questionSchema) }).parse(JSON.parse(readFileSync(file, 'utf8'))).questions;
  return subset ? all.filter((q) => q.subset) : all;
}

/** The demo organizations' widgets (supabase/seed.sql). */
const widgets = {
  acme: { key: 'wk_acme_main', origin: 'https://acme.com' },
  globex: { key: 'wk_globex_main', origin: 'https://globex.com' },
} as const;

export interface QuestionResult {
  id: string;
  org: Question['org'];
  kind: Question['kind'];
  question: string;
  expect: string | null;
  section?: string;
  /** the section anchor the best retrieved article came with (null: no section, the article's start) */
  retrievedSection: string | null;
  /** slugs of widget_chat_turn's retrieval, best first (at most 3) */
  retrieved: string[];
  /** what the visitor got: answer, unsure, handoff, … */
  intent: string;
  cited: string[];
  confidence: number;
  /** an article of another organization was retrieved or cited */
  wrongOrg: boolean;
  firstTokenMs: number;
  answerMs: number;
}

export interface EvalSummary {
  provider: string;
  questions: number;
  answerable: number;
  mustEscalate: number;
  hitAt1: number;
  hitAt3: number;
  /** questions answered by one section of a long article: the best hit came with that section */
  sectionHit: number;
  sectionQuestions: number;
  /** answerable questions answered citing the expected article */
  answeredCorrectly: number;
  /** must-escalate questions the assistant escalated (offered a person instead of answering) */
  escalationRecall: number;
  /** share of all questions with the right decision: answer (citing the expected article) or escalate */
  correctDecisions: number;
  wrongOrgAnswers: number;
  answerMsP50: number;
  answerMsP95: number;
  firstTokenMsP50: number;
  byKind: Record<string, { n: number; hitAt3: number; correct: number }>;
}

interface Article {
  id: string;
  slug: string;
  organization_id: string;
  org_slug: string;
}

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

async function readEvents(res: Response, start: number, onFirstDelta: (ms: number) => void): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      const e = { event: message.event ?? 'message', data: JSON.parse(message.data) as Record<string, unknown> };
      if (e.event === 'delta' && !events.some((x) => x.event === 'delta')) onFirstDelta(performance.now() - start);
      events.push(e);
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  return events;
}

/**
 * fetch that waits out a 429 (Retry-After): a stack that does not trust X-Forwarded-For sees every
 * question come from one address, and the widget's per-address limits are lower than the set.
 */
async function fetchPatiently(url: string, init: RequestInit): Promise<Response> {
  for (;;) {
    const res = await fetch(url, init);
    if (res.status !== 429) return res;
    await res.body?.cancel();
    const wait = Number(res.headers.get('retry-after') ?? 5);
    await new Promise((resolve) => setTimeout(resolve, (Number.isFinite(wait) ? wait : 5) * 1000));
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ratio = (n: number, d: number) => (d === 0 ? 1 : Math.round((n / d) * 1000) / 1000);

export interface EvalOptions {
  config: StackConfig;
  keys: StackKeys;
  questions: Question[];
  /** X-Forwarded-For prefix of the eval's calls (the functions' per-IP limits count per address) */
  ipPrefix?: string;
  log?: (line: string) => void;
}

export async function runEval({ config, keys, questions, ipPrefix = '10.77', log = () => undefined }: EvalOptions) {
  const functions = `${config.apiUrl}/functions/v1`;
  const db = new pg.Client({ connectionString: config.db.url });
  await db.connect();
  try {
    // the catalogue, read as postgres, only to name what came back (slug) and whose it is
    const articles = new Map(
      (
        await db.query<Article>(
          'select a.id, a.slug, a.organization_id, o.slug as org_slug from public.articles a join public.organizations o on o.id = a.organization_id',
        )
      ).rows.map((a) => [a.id, a]),
    );
    const results: QuestionResult[] = [];
    for (const [i, q] of questions.entries()) {
      const ip = `${ipPrefix}.${Math.floor(i / 200)}.${(i % 200) + 1}`;
      const headers = { 'content-type': 'application/json', origin: widgets[q.org].origin, 'x-forwarded-for': ip };
      const sessionRes = await fetchPatiently(`${functions}/widget-session`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ website_key: widgets[q.org].key }),
      });
      if (sessionRes.status !== 200) throw new Error(`widget-session ${sessionRes.status}: ${await sessionRes.text()}`);
      const session = (await sessionRes.json()) as { session_token: string };

      const start = performance.now();
      let firstTokenMs = 0;
      const chatRes = await fetchPatiently(`${functions}/chat`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ session_token: session.session_token, client_msg_id: `eval-${q.id}-answer`, body: q.question }),
      });
      if (chatRes.status !== 200) throw new Error(`chat ${chatRes.status}: ${await chatRes.text()}`);
      const events = await readEvents(chatRes, start, (ms) => (firstTokenMs = ms));
      const answerMs = performance.now() - start;
      const done = events.find((e) => e.event === 'done')?.data;
      if (!done) throw new Error(`chat gave no answer to ${q.id}: ${JSON.stringify(events.at(-1))}`);

      // the ranking the answer was built from: the same RPC the chat function calls, as the widget's anon key
      const turn = await fetch(`${config.apiUrl}/rest/v1/rpc/widget_chat_turn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', apikey: keys.anonKey, authorization: `Bearer ${keys.anonKey}` },
        body: JSON.stringify({ p_session_token: session.session_token, p_client_msg_id: `eval-${q.id}-rank`, p_body: q.question }),
      });
      if (turn.status !== 200) throw new Error(`widget_chat_turn ${turn.status}: ${await turn.text()}`);
      const retrieval = ((await turn.json()) as { retrieval?: { articles: { id: string; section?: { anchor: string } | null }[] } }).retrieval;
      const retrievedIds = (retrieval?.articles ?? []).map((a) => a.id);
      const citedIds = ((done.sources as { id: string }[] | undefined) ?? []).map((s) => s.id);
      const wrongOrg = [...retrievedIds, ...citedIds].some((id) => articles.get(id)?.org_slug !== q.org);
      const r: QuestionResult = {
        id: q.id,
        org: q.org,
        kind: q.kind,
        question: q.question,
        expect: q.expect,
        ...(q.section ? { section: q.section } : {}),
        retrievedSection: retrieval?.articles[0]?.section?.anchor ?? null,
        retrieved: retrievedIds.map((id) => articles.get(id)?.slug ?? id),
        intent: String(done.intent),
        cited: citedIds.map((id) => articles.get(id)?.slug ?? id),
        confidence: Number(done.confidence ?? 0),
        wrongOrg,
        firstTokenMs: Math.round(firstTokenMs),
        answerMs: Math.round(answerMs),
      };
      results.push(r);
      log(
        `${r.id} ${r.expect ?? '(escalate)'} → ${r.intent} [${r.retrieved.join(', ')}] ${r.confidence} ${r.answerMs} ms${r.wrongOrg ? ' WRONG ORG' : ''}`,
      );
    }
    const [provider] = (
      await db.query<{ provider: string | null }>(
        `select metadata ->> 'provider' as provider from public.messages where sender_type = 'ai' and client_msg_id like 'ai:eval-%'
          and metadata ->> 'intent' = 'answer' order by created_at desc limit 1`,
      )
    ).rows;
    return { results, summary: summarize(results, provider?.provider ?? 'local') };
  } finally {
    await db.end();
  }
}

const answeredRight = (r: QuestionResult) => r.expect !== null && r.intent === 'answer' && r.cited.includes(r.expect);
const escalated = (r: QuestionResult) => r.intent !== 'answer';

export function summarize(results: QuestionResult[], provider: string): EvalSummary {
  const answerable = results.filter((r) => r.expect !== null);
  const mustEscalate = results.filter((r) => r.expect === null);
  const byKind: EvalSummary['byKind'] = {};
  for (const r of results) {
    const k = (byKind[r.kind] ??= { n: 0, hitAt3: 0, correct: 0 });
    k.n += 1;
    if (r.expect !== null && r.retrieved.slice(0, 3).includes(r.expect)) k.hitAt3 += 1;
    if (r.expect === null ? escalated(r) : answeredRight(r)) k.correct += 1;
  }
  return {
    provider,
    questions: results.length,
    answerable: answerable.length,
    mustEscalate: mustEscalate.length,
    hitAt1: ratio(answerable.filter((r) => r.retrieved[0] === r.expect).length, answerable.length),
    hitAt3: ratio(answerable.filter((r) => r.retrieved.slice(0, 3).includes(r.expect!)).length, answerable.length),
    sectionHit: ratio(
      results.filter((r) => r.section && r.retrieved[0] === r.expect && r.retrievedSection === r.section).length,
      results.filter((r) => r.section).length,
    ),
    sectionQuestions: results.filter((r) => r.section).length,
    answeredCorrectly: ratio(answerable.filter(answeredRight).length, answerable.length),
    escalationRecall: ratio(mustEscalate.filter(escalated).length, mustEscalate.length),
    correctDecisions: ratio(answerable.filter(answeredRight).length + mustEscalate.filter(escalated).length, results.length),
    wrongOrgAnswers: results.filter((r) => r.wrongOrg).length,
    answerMsP50: percentile(
      results.map((r) => r.answerMs),
      50,
    ),
    answerMsP95: percentile(
      results.map((r) => r.answerMs),
      95,
    ),
    firstTokenMsP50: percentile(
      results.filter((r) => r.intent === 'answer').map((r) => r.firstTokenMs),
      50,
    ),
    byKind,
  };
}

export function markdownSummary(s: EvalSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return [
    `| metric | value |`,
    `|---|---|`,
    `| provider | ${s.provider} |`,
    `| questions (answerable / must escalate) | ${s.questions} (${s.answerable} / ${s.mustEscalate}) |`,
    `| retrieval hit rate@1 | ${pct(s.hitAt1)} |`,
    `| retrieval hit rate@3 | ${pct(s.hitAt3)} |`,
    `| right section of a long article first (${s.sectionQuestions} questions) | ${pct(s.sectionHit)} |`,
    `| answered citing the expected article | ${pct(s.answeredCorrectly)} |`,
    `| must-escalate questions escalated | ${pct(s.escalationRecall)} |`,
    `| correct escalation decisions (all questions) | ${pct(s.correctDecisions)} |`,
    `| wrong-organization answers | ${s.wrongOrgAnswers} |`,
    `| answer time p50 / p95 (ms) | ${s.answerMsP50} / ${s.answerMsP95} |`,
    `| first token p50 (ms) | ${s.firstTokenMsP50} |`,
    '',
    `| kind | n | hit@3 | right decision |`,
    `|---|---|---|---|`,
    ...Object.entries(s.byKind).map(([k, v]) => `| ${k} | ${v.n} | ${k === 'escalate' || k === 'other-org' ? '-' : v.hitAt3} | ${v.correct} |`),
  ].join('\n');
}

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
