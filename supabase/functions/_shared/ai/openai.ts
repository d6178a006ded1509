import { maxTokensFromEnv, openaiFromEnv } from './openai-client.ts';
import type { AnswerProvider, Article, Retrieval, Turn } from './types.ts';

/**
 * Any OpenAI-compatible chat completions endpoint (OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL),
 * streamed, and grounded on the same articles the local provider uses.
 */

const LANGUAGE_NAMES = { en: 'English', vi: 'Vietnamese', fr: 'French', es: 'Spanish', de: 'German' } as const;

function systemPrompt(retrieval: Retrieval, articles: Article[]): string {
  const knowledge = articles.map((a, i) => `[${i + 1}] ${a.title}\n${a.body}`).join('\n\n');
  return [
    `You are ${retrieval.assistant.name}, the customer support assistant of this company's website.`,
    'Answer only from the help-center articles below. Be brief (at most 4 sentences) and friendly.',
    // the widget speaks the visitor's language, so the answer does too, whatever the articles' language
    ...(retrieval.language ? [`Always answer in ${LANGUAGE_NAMES[retrieval.language]}, the visitor's language.`] : []),
    'If the articles do not contain the answer, say you are not sure and suggest talking to a human.',
    'Never invent policies, prices or dates.',
    '',
    'Help-center articles:',
    knowledge,
  ].join('\n');
}

export function openaiProvider(): AnswerProvider {
  const { client, model } = openaiFromEnv();
  // the prompt asks for at most 4 sentences; 400 tokens leaves room without an open-ended bill
  const maxTokens = maxTokensFromEnv('OPENAI_MAX_TOKENS', 400);
  return {
    name: 'openai',
    model,
    // the chat function fetches exactly these with the visitor message (public.widget_chat_turn)
    historyTurns: 8,
    async *answer(question: string, retrieval: Retrieval, articles: Article[], history: Turn[]) {
      const stream = await client.chat.completions.create({
        model,
        stream: true,
        temperature: 0.2,
        max_tokens: maxTokens,
        messages: [
          { role: 'system', content: systemPrompt(retrieval, articles) },
          ...history,
          { role: 'user', content: question },
        ],
      });
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta?.content;
        if (text) yield text;
      }
    },
  };
}
