import pg from 'pg';
import type { StackConfig } from '../stack/config';
import type { StackKeys } from '../stack/keys';
import type { Question } from './questions';
import { summarize, type QuestionResult } from './summary';
import { fetchPatiently, readEvents } from './widget-client';

/**
 * The answer eval: every question of scripts/eval/questions.json goes through the widget's real
 * path on a running stack (widget-session, then the chat function's streamed answer, then
 * widget_chat_turn's retrieval for the ranking), and the results are scored against the article
 * that answers it, or against "must escalate".
 */

/** The demo organizations' widgets (supabase/seed.sql). */
const widgets = {
  acme: { key: 'wk_acme_main', origin: 'https://acme.com' },
  globex: { key: 'wk_globex_main', origin: 'https://globex.com' },
} as const;

interface Article {
  id: string;
  slug: string;
  organization_id: string;
  org_slug: string;
}

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
