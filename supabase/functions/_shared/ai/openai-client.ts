import OpenAI from 'openai';

/**
 * The OpenAI-compatible endpoint every AI feature uses when AI_PROVIDER=openai (the chat's answers
 * and the conversation summaries): OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL.
 */
export function openaiConfigured(): boolean {
  return Deno.env.get('AI_PROVIDER') === 'openai';
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
