// A visitor who is upset needs a person, not another answer from the assistant. This is a small
// lexicon: words and phrases that say the visitor is angry, frustrated or that the help failed,
// weighed against a negation just before them ("not bad" is not negative). It is deliberately
// simple and predictable; tests/unit/sentiment.test.ts pins what it does and does not flag.

/** Strongly negative on their own (one is enough). */
const strong = [
  'angry',
  'furious',
  'outraged',
  'unacceptable',
  'ridiculous',
  'terrible',
  'horrible',
  'awful',
  'worst',
  'useless',
  'pathetic',
  'disgusting',
  'scam',
  'rip off',
  'ripoff',
  'fed up',
  'sick of',
  'waste of time',
  'not helpful',
  'not helping',
  'doesnt help',
  'does not help',
  'didnt help',
  'did not help',
  'stupid bot',
  'hate',
];

/** Negative, but only together with another sign (a second word, several "!"); shouting counts as two. */
const mild = ['frustrated', 'frustrating', 'annoyed', 'annoying', 'disappointed', 'upset', 'bad', 'wrong', 'broken', 'still', 'again', 'nobody', 'never'];

const negations = new Set(['not', 'no', 'never', 'isnt', 'wasnt', 'arent', 'dont', 'doesnt', 'didnt', 'hardly']);

function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/['’]/g, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Where `phrase` (one or more words) occurs in `tokens`. */
function positions(tokens: string[], phrase: string): number[] {
  const parts = phrase.split(' ');
  const found: number[] = [];
  for (let i = 0; i + parts.length <= tokens.length; i++) {
    if (parts.every((p, k) => tokens[i + k] === p)) found.push(i);
  }
  return found;
}

/** A single word right after a negation ("not bad", "never angry") does not count. */
function counts(tokens: string[], phrase: string): number {
  const single = !phrase.includes(' ');
  return positions(tokens, phrase).filter((i) => !(single && i > 0 && negations.has(tokens[i - 1]!))).length;
}

export interface Sentiment {
  negative: boolean;
  /** the lexicon entries found, for the reply's metadata and for tests */
  matched: string[];
}

export function detectSentiment(message: string): Sentiment {
  const tokens = words(message);
  const strongHits = strong.filter((p) => counts(tokens, p) > 0);
  const mildHits = mild.filter((p) => counts(tokens, p) > 0);
  const letters = message.match(/\p{L}/gu) ?? [];
  const upper = letters.filter((c) => c === c.toUpperCase() && c !== c.toLowerCase()).length;
  const shouting = letters.length >= 12 && upper / letters.length > 0.7;
  const exclaiming = /!{2,}/.test(message);
  const signs = mildHits.length + (shouting ? 2 : 0) + (exclaiming ? 1 : 0);
  return { negative: strongHits.length > 0 || signs >= 2, matched: [...strongHits, ...mildHits] };
}
