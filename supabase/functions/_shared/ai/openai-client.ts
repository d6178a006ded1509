import OpenAI from 'openai';

/**
 * The OpenAI-compatible endpoint every AI feature uses when AI_PROVIDER=openai (the chat's answers
 * and the conversation summaries): OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL, and the output
 * caps OPENAI_MAX_TOKENS (answers) and OPENAI_SUMMARY_MAX_TOKENS (summaries).
 */
export function openaiConfigured(): boolean {
  return Deno.env.get('AI_PROVIDER') === 'openai';
}

/**
 * max_tokens for every model call: without it a model may write (and bill) up to its context
 * limit for one visitor message. An unset or malformed value keeps the default.
 */
export function maxTokensFromEnv(name: 'OPENAI_MAX_TOKENS' | 'OPENAI_SUMMARY_MAX_TOKENS', fallback: number): number {
  const n = Number(Deno.env.get(name));
  return Number.isInteger(n) && n >= 1 && n <= 16_384 ? n : fallback;
}

export function openaiFromEnv(): { client: OpenAI; model: string } {
  return {
    model: Deno.env.get('OPENAI_MODEL') ?? 'gpt-4o-mini',
    client: new OpenAI({
      apiKey: Deno.env.get('OPENAI_API_KEY') ?? '',
      baseURL: Deno.env.get('OPENAI_BASE_URL') ?? 'https://api.openai.com/v1',
      maxRetries: 1,
      timeout: 30_000,
    }),
  };
}
