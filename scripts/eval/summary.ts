import type { Question } from './questions';

// Scoring: the results of one eval run turned into hit rates, decisions and timings, and the
// Markdown table the CI job and the README show.

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

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ratio = (n: number, d: number) => (d === 0 ? 1 : Math.round((n / d) * 1000) / 1000);

export const answeredRight = (r: QuestionResult) => r.expect !== null && r.intent === 'answer' && r.cited.includes(r.expect);
export const escalated = (r: QuestionResult) => r.intent !== 'answer';

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
