import type { Language } from '../i18n.ts';
import { detectIntent, handOverReply, type HandOverReason, smallTalkReply, unavailableReply, unsureReply } from './intent.ts';
import { localProvider, wordChunks } from './local.ts';
import { openaiProvider } from './openai.ts';
import { openaiConfigured } from './openai-client.ts';
import { detectSentiment } from './sentiment.ts';
import type { AnswerProvider, Article, HandOver, Reply, Retrieval, Source, Turn } from './types.ts';

export type { AnswerProvider, HandOver, Reply, Retrieval, Turn } from './types.ts';

let configured: AnswerProvider | undefined;

/**
 * AI_PROVIDER=openai uses the OpenAI-compatible endpoint; anything else the local default. Built
 * once per instance (the env does not change), so every message reuses one OpenAI client.
 */
export function configuredProvider(): AnswerProvider {
  configured ??= openaiConfigured() ? openaiProvider() : localProvider;
  return configured;
}

/**
 * A cited article as the widget shows it: with the absolute link to its help-center page (the app's
 * APP_URL) when the organization's help center is on, so the visitor can read all of it.
 */
export function citation({ id, title, url }: Article, appUrl = Deno.env.get('APP_URL')): Source {
  if (!url || !appUrl) return { id, title };
  return { id, title, url: new URL(url, appUrl).toString() };
}

/**
 * Decides how to answer: small talk and requests for a person need no knowledge; an upset visitor,
 * a question asked again and a question below the organization's escalation threshold get a
 * person (offered, or handed over at once when the organization chose hand_over); otherwise the
 * provider answers from the articles that clear the threshold. Every reply that offers a person
 * carries its reason, which widget_escalate records.
 */
export function reply(question: string, retrieval: Retrieval, history: Turn[], provider = configuredProvider(), handOver?: HandOver): Reply {
  const threshold = Number(retrieval.assistant.escalation_threshold);
  const intent = detectIntent(question);
  if (intent) {
    return {
      intent,
      confidence: 1,
      sources: [],
      offerHuman: intent === 'handoff',
      ...(intent === 'handoff' ? { escalationReason: 'visitor_request' as const } : {}),
      provider: 'rules',
      chunks: wordChunks(smallTalkReply(intent, retrieval.assistant.name, retrieval.language)),
    };
  }
  // at most two articles, so the answer stays short and every cited source is one it used
  const grounded = retrieval.articles.filter((a) => a.confidence >= threshold).slice(0, 2);
  const confidence = retrieval.articles[0]?.confidence ?? 0;
  const reason: HandOverReason | undefined = detectSentiment(question).negative
    ? 'negative_sentiment'
    : handOver?.repeated
      ? 'repeated_question'
      : grounded.length === 0
        ? 'low_confidence'
        : undefined;
  if (reason) {
    const now = handOver?.action === 'hand_over';
    const language = retrieval.language;
    const text = now
      ? handOverReply(reason, handOver.emailKnown, language)
      : reason === 'low_confidence'
        ? unsureReply(language)
        : handOverReply(reason, null, language);
    return {
      intent: reason === 'low_confidence' ? 'unsure' : 'handoff',
      confidence,
      sources: [],
      offerHuman: true,
      escalationReason: reason,
      ...(now ? { handOver: handOver.emailKnown ? ('now' as const) : ('ask_email' as const) } : {}),
      provider: 'rules',
      chunks: wordChunks(text),
    };
  }
  return {
    intent: 'answer',
    confidence,
    sources: grounded.map((a) => citation(a)),
    offerHuman: false,
    provider: provider.name,
    model: provider.model,
    chunks: provider.answer(question, retrieval, grounded, history),
  };
}

/**
 * The answer when the organization is over its daily AI budget (public.widget_chat_turn says so):
 * no provider is asked, and the visitor is offered a person as after an unsure answer, in their language.
 */
export function overBudgetReply(language?: Language): Reply {
  return { intent: 'unavailable', confidence: 0, sources: [], offerHuman: true, provider: 'rules', chunks: wordChunks(unavailableReply(language)) };
}
