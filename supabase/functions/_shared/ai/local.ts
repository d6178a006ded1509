import type { AnswerProvider, Article, Retrieval } from './types.ts';

/**
 * The embedded default: an extractive answer, the sentences of the best articles that cover the
 * most of the question's terms, streamed word by word.
 */

/** Porter stems (from Postgres) against raw words: 'ship' matches shipping, 'deliveri' delivery. */
function matchesStem(word: string, stem: string): boolean {
  if (word.startsWith(stem)) return true;
  return stem.length > 3 && stem.endsWith('i') && word.startsWith(stem.slice(0, -1));
}

function score(sentence: string, terms: string[]): number {
  const words = sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return terms.filter((t) => words.some((w) => matchesStem(w, t))).length;
}

function sentences(text: string): string[] {
  return text.match(/[^.!?]+(?:[.!?]+(?=\s|$)|$)/g)?.map((s) => s.trim()).filter(Boolean) ?? [];
}

export function extractiveAnswer(retrieval: Retrieval, articles: Article[]): string {
  const picked: string[] = [];
  for (const [index, article] of articles.slice(0, 2).entries()) {
    const ranked = sentences(article.body)
      .map((s, position) => ({ s, position, score: score(s, retrieval.terms) }))
      .filter((x) => x.score > 0);
    const best = Math.max(0, ...ranked.map((x) => x.score));
    // the best article gives its two best sentences, a runner-up only an equally good one
    const take = ranked
      .filter((x) => (index === 0 ? true : x.score === best && best >= 2))
      .sort((a, b) => b.score - a.score || a.position - b.position)
      .slice(0, index === 0 ? 2 : 1)
      .sort((a, b) => a.position - b.position);
    picked.push(...take.map((x) => x.s));
  }
  if (picked.length === 0 && articles[0]) picked.push(...sentences(articles[0].body).slice(0, 2));
  return picked.join(' ');
}

const delayMs = Number(Deno.env.get('AI_LOCAL_CHUNK_DELAY_MS') ?? 12);

export async function* wordChunks(text: string): AsyncIterable<string> {
  for (const piece of text.match(/\S+\s*/g) ?? []) {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    yield piece;
  }
}

export const localProvider: AnswerProvider = {
  name: 'local',
  historyTurns: 0,
  answer(_question, retrieval, articles) {
    return wordChunks(extractiveAnswer(retrieval, articles));
  },
};
