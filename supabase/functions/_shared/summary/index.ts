import { maxTokensFromEnv, openaiConfigured, openaiFromEnv } from '../ai/openai-client.ts';
import { extractiveSummary, type Transcript } from './extractive.ts';

export type { Transcript } from './extractive.ts';

// Conversation summaries with the configured provider: AI_PROVIDER=openai uses the
// OpenAI-compatible endpoint (OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL) as the chat
// function does; anything else the local extractive summary.

export interface Summarizer {
  name: string;
  summarize(t: Transcript): Promise<string>;
}

const local: Summarizer = { name: 'local', summarize: (t) => Promise.resolve(extractiveSummary(t)) };

function openaiSummarizer(): Summarizer {
  const { client, model } = openaiFromEnv();
  // one or two sentences of at most 300 characters
  const maxTokens = maxTokensFromEnv('OPENAI_SUMMARY_MAX_TOKENS', 120);
  return {
    name: 'openai',
    async summarize(t) {
      const transcript = t.messages.slice(-40).map((m) => `${m.sender_type}: ${m.body.slice(0, 1000)}`).join('\n');
      const state = [t.is_escalated ? `escalated (${t.escalated_reason ?? 'no reason'})` : 'not escalated', t.is_resolved ? 'resolved' : 'not resolved'];
      const completion = await client.chat.completions.create({
        model,
        temperature: 0.2,
        max_tokens: maxTokens,
        messages: [
          {
            role: 'system',
            content: 'Summarize this customer support conversation for the support team in one or two sentences ' +
              '(at most 300 characters): what the customer wanted and how it ended. No greeting, no preamble.',
          },
          { role: 'user', content: `Conversation (${state.join(', ')}):\n${transcript}` },
        ],
      });
      const text = completion.choices[0]?.message?.content?.trim();
      if (!text) throw new Error('empty summary from the model');
      return text.slice(0, 2000);
    },
  };
}

export function configuredSummarizer(): Summarizer {
  return openaiConfigured() ? openaiSummarizer() : local;
}
