import 'server-only';
import OpenAI from 'openai';
import { z } from 'zod';

/**
 * How "ask the team" explains its matches: the configured AI provider, as the widget's chat picks
 * it (AI_PROVIDER=openai with OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL, OPENAI_MAX_TOKENS),
 * or the local template built from the question words each colleague matched. The ranking itself
 * is always Postgres's (match_profiles, under RLS): the model only words the explanation, and is
 * only given the profiles the member may see.
 */

export interface MatchedColleague {
  profileId: string;
  name: string;
  title: string;
  expertise: string[];
  bio: string;
  score: number;
  terms: string[];
}

export interface AnswerPlan {
  intent: 'find_expert' | 'no_match' | 'greeting';
  provider: string;
  model?: string;
  chunks: AsyncIterable<string>;
}

// an empty value (how the hermetic test app sets what it does not use) counts as unset
const setting = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

/** The model settings, read on each answer rather than at import, so `next build` needs none. */
function aiEnv() {
  return z
    .object({
      AI_PROVIDER: setting,
      OPENAI_BASE_URL: setting,
      OPENAI_API_KEY: setting,
      OPENAI_MODEL: setting,
      OPENAI_MAX_TOKENS: z.coerce.number().int().min(1).max(16_384).optional().catch(undefined),
    })
    .parse({
      AI_PROVIDER: process.env.AI_PROVIDER,
      OPENAI_BASE_URL: process.env.OPENAI_BASE_URL,
      OPENAI_API_KEY: process.env.OPENAI_API_KEY,
      OPENAI_MODEL: process.env.OPENAI_MODEL,
      OPENAI_MAX_TOKENS: process.env.OPENAI_MAX_TOKENS,
    });
}

const GREETING = /^\s*(hi|hello|hey|good (morning|afternoon|evening))\b[\s!.,]*$/i;

/** Why one colleague fits, in one line: the words of the question their profile matched. */
export function reasonFor(m: MatchedColleague): string {
  const terms = m.terms.slice(0, 4);
  return terms.length > 0 ? `Matches ${terms.join(', ')}` : 'Related experience in their profile';
}

export function templateAnswer(question: string, matches: MatchedColleague[]): string {
  if (matches.length === 0) {
    return 'I could not find a colleague whose profile matches that. Try other words (a product, a skill, a language), or browse the team directory.';
  }
  const lines = matches.map((m, i) => {
    const role = m.title ? ` (${m.title})` : '';
    const tags = m.expertise.length > 0 ? `; their expertise: ${m.expertise.slice(0, 5).join(', ')}` : '';
    return `${i + 1}. ${m.name}${role}: ${reasonFor(m).toLowerCase()}${tags}.`;
  });
  const lead = matches.length === 1 ? 'One colleague fits your question:' : `${matches.length} colleagues fit your question:`;
  return [lead, ...lines, 'Save a contact with the heart, or reach them by email or LinkedIn from their card.'].join('\n');
}

async function* words(text: string): AsyncIterable<string> {
  for (const piece of text.match(/\S+\s*/g) ?? []) {
    yield piece;
    // a short pause so the answer visibly streams, as the widget's local provider does
    await new Promise((resolve) => setTimeout(resolve, 8));
  }
}

async function* openaiChunks(client: OpenAI, model: string, question: string, matches: MatchedColleague[]): AsyncIterable<string> {
  const profiles = matches
    .map(
      (m, i) =>
        `[${i + 1}] ${m.name}, ${m.title || 'no title'}; expertise: ${m.expertise.join(', ')}; bio: ${m.bio}; matched words: ${m.terms.join(', ')}`,
    )
    .join('\n');
  const stream = await client.chat.completions.create({
    model,
    stream: true,
    max_tokens: aiEnv().OPENAI_MAX_TOKENS ?? 400,
    messages: [
      {
        role: 'system',
        content: [
          'You help a support team member find the right colleague. Explain briefly (one sentence each, in the order given)',
          'why each colleague below fits the question. Mention only these colleagues; never invent people, skills or contact details.',
          '',
          'Colleagues:',
          profiles,
        ].join('\n'),
      },
      { role: 'user', content: question },
    ],
  });
  for await (const part of stream) {
    const text = part.choices[0]?.delta?.content;
    if (text) yield text;
  }
}

export function planAnswer(question: string, matches: MatchedColleague[]): AnswerPlan {
  if (GREETING.test(question)) {
    return { intent: 'greeting', provider: 'rules', chunks: words('Hello! Ask me who knows about a topic, and I will suggest colleagues.') };
  }
  if (matches.length === 0) return { intent: 'no_match', provider: 'rules', chunks: words(templateAnswer(question, matches)) };
  const env = aiEnv();
  if (env.AI_PROVIDER === 'openai') {
    const model = env.OPENAI_MODEL ?? 'gpt-4o-mini';
    const client = new OpenAI({
      apiKey: env.OPENAI_API_KEY ?? '',
      baseURL: env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
      maxRetries: 1,
      timeout: 30_000,
    });
    return { intent: 'find_expert', provider: 'openai', model, chunks: openaiChunks(client, model, question, matches) };
  }
  return { intent: 'find_expert', provider: 'local', chunks: words(templateAnswer(question, matches)) };
}
