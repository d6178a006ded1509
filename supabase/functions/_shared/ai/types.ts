// The AI concierge's inputs and outputs, whatever the provider.
import type { Language } from '../i18n.ts';

export interface Article {
  id: string;
  title: string;
  body: string;
  rank: number;
  /** 0..1: how much of the question this article covers (public.widget_search_articles). */
  confidence: number;
  slug?: string;
  /** the section of a long article the body comes from (null: the article's start) */
  section?: { heading: string; anchor: string } | null;
  /** path of the article's help-center page (with the section's anchor), null while the help center is off */
  url?: string | null;
}

export interface Retrieval {
  assistant: { name: string; greeting: string; escalation_threshold: number };
  /** The question's stemmed search terms (Postgres english config). */
  terms: string[];
  articles: Article[];
  /** the visitor's language (the widget's), when it sent one: providers that can answer in it do */
  language?: Language;
}

export interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

export interface Source {
  id: string;
  title: string;
  /** the full article in the organization's public help center, when it is on */
  url?: string;
}

/** Why the assistant wants a person (public.conversations.escalated_reason). */
export type EscalationReason = 'low_confidence' | 'visitor_request' | 'negative_sentiment' | 'repeated_question' | 'agent_takeover';

/** What widget_chat_turn says about handing over: the organization's choice and the conversation's facts. */
export interface HandOver {
  /** organizations.settings.low_confidence_action */
  action: 'offer_person' | 'hand_over';
  emailKnown: boolean;
  /** the visitor asked the same question earlier in this conversation */
  repeated: boolean;
}

export interface Reply {
  /** unavailable: the organization is over its daily AI budget, so no model was asked */
  intent: 'answer' | 'unsure' | 'handoff' | 'greeting' | 'thanks' | 'unavailable';
  confidence: number;
  sources: Source[];
  offerHuman: boolean;
  /** set whenever the reply offers a person: the reason widget_escalate records */
  escalationReason?: EscalationReason;
  /** hand_over mode: escalate now (the email is known) or ask for the email in this turn */
  handOver?: 'now' | 'ask_email';
  provider: string;
  model?: string;
  /** The answer text, chunk by chunk as the provider produces it. */
  chunks: AsyncIterable<string>;
}

export interface AnswerProvider {
  name: string;
  model?: string;
  /** How many earlier messages of the conversation the provider wants as context (0: none). */
  historyTurns: number;
  /** Streams an answer grounded on `articles` (all above the organization's threshold). */
  answer(question: string, retrieval: Retrieval, articles: Article[], history: Turn[]): AsyncIterable<string>;
}
