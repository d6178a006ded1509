import { describe, expect, it } from 'vitest';
import { runLearning } from '@/scripts/eval/learning';
import { loadQuestions } from '@/scripts/eval/questions';
import { runEval } from '@/scripts/eval/run';
import { config, keys, sql } from '../helpers/stack';

/**
 * `npm run eval -- --subset` inside the suite: the subset's questions through the widget's real
 * path (widget-session, the chat function with the local provider, widget_chat_turn's ranking).
 * Wrong-organization answers must be 0, always. The hit-rate floor is 0.9: the subset has 11
 * answerable questions (direct, typo, paraphrase, French), all of which retrieval ranks in its top
 * 3 today (the full set: 98 % hit@3, bench/EVAL.md); 0.9 tolerates one miss, so a change to the
 * search has to lose two of them (a real regression) before this fails.
 */
describe('npm run eval (subset)', () => {
  it('answers no question from another organization and keeps hit rate@3 at or above 0.9', { timeout: 240_000 }, async () => {
    const questions = loadQuestions(true);
    expect(questions.length).toBeGreaterThanOrEqual(12);
    expect(new Set(questions.map((q) => q.org))).toEqual(new Set(['acme', 'globex']));
    const { results, summary } = await runEval({ config, keys, questions, ipPrefix: '10.78' });
    expect(results).toHaveLength(questions.length);
    expect(summary.wrongOrgAnswers).toBe(0);
    expect(summary.hitAt3).toBeGreaterThanOrEqual(0.9);
    // the questions that must escalate do, and every answer time was measured
    expect(summary.escalationRecall).toBe(1);
    expect(results.every((r) => r.answerMs > 0)).toBe(true);
  });

  it('answers an escalated question once the team’s answer is approved and published, and cleans up', { timeout: 240_000 }, async () => {
    const questions = loadQuestions(true);
    const learnable = questions.filter((q) => q.learn);
    expect(learnable.length).toBeGreaterThanOrEqual(1);
    const { summary, before, created } = await runLearning({ config, keys, questions, ipPrefix: '10.80' });
    // before approving, the assistant escalates; after, it answers citing the published draft
    expect(summary.escalatedBefore).toBe(learnable.length);
    expect(summary.proposalsApproved).toBe(summary.escalatedBefore);
    expect(summary.answeredAfter).toBeGreaterThanOrEqual(1);
    expect(summary.wrongOrgAnswers).toBe(0);
    expect(before.every((r) => r.intent !== 'answer')).toBe(true);
    // the phase deleted what it created: the articles, their proposals and the conversations
    expect(created.articles).toHaveLength(summary.proposalsApproved);
    expect(await sql('select id from public.articles where id = any($1::uuid[])', [created.articles])).toEqual([]);
    expect(await sql('select id from public.article_proposals where id = any($1::uuid[])', [created.proposals])).toEqual([]);
    expect(await sql('select id from public.conversations where id = any($1::uuid[])', [created.conversations])).toEqual([]);
  });

  it('the committed question set has at least 60 questions of every kind the issue names', () => {
    const all = loadQuestions();
    expect(all.length).toBeGreaterThanOrEqual(60);
    const kinds = new Set(all.map((q) => q.kind));
    for (const kind of ['direct', 'paraphrase', 'typo', 'escalate', 'other-org']) expect(kinds).toContain(kind);
    expect(new Set(all.map((q) => q.id)).size).toBe(all.length);
  });
});
