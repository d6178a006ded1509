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
