import { z } from 'zod';
import { type AnswerProvider, configuredProvider, overBudgetReply, reply, type Retrieval, type Turn } from '../_shared/ai/index.ts';
import { type Context, serve } from '../_shared/handler.ts';
import { corsHeaders } from '../_shared/http.ts';
import { say } from '../_shared/i18n.ts';
import { clientIp, rateLimit } from '../_shared/rate-limit.ts';
import { type SseChannel, sseResponse } from '../_shared/sse.ts';
import { anonClient, asJson, type Db, orNull, rpcJson, serviceClient } from '../_shared/supabase.ts';
import { clientMsgId, limits, MAX_BODY_BYTES, sessionToken, WIDGET_LANGUAGES, type WidgetLanguage } from '../_shared/widget.ts';

// A visitor message in, the AI concierge's answer out as Server-Sent Events:
//   message {id, created_at, duplicate} · delta {text}… · done {id, body, confidence, intent, sources, offer_human,
//   escalation_reason?, hand_over?: {ticket_ref} | 'ask_email'}
//   or error {code, message}, or team {state, agent_name, notice} when the team has the conversation.
// The visitor message is stored before the stream starts; the reply is stored when complete,
// even if the visitor has gone. A resent client_msg_id stores nothing new and replays the reply.
// The assistant answers only while the conversation is with it (state bot, decided by Postgres):
// otherwise the model is never called, and an answer that finished after a person took over is
// dropped by store_ai_reply.

const body = z.object({
  session_token: sessionToken,
  client_msg_id: clientMsgId,
  body: z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters'),
  /** the widget's language (the website's forced one or the visitor's browser's): the answer's language */
  language: z.enum(WIDGET_LANGUAGES).optional(),
});

/** public.widget_chat_turn: the stored visitor message and, unless its reply is stored, what the AI needs. */
interface ChatTurn {
  id: string;
  created_at: string;
  duplicate: boolean;
  conversation_id: string;
  reply_key: string;
  reply: Record<string, unknown> | null;
  /** a person has the conversation (any state but bot): the assistant stays silent */
  handled_by_team?: boolean;
  state?: string;
  agent_name?: string | null;
  /** the organization is over its daily AI-turn budget: no retrieval or history came back */
  ai_over_budget?: boolean;
  retrieval?: Retrieval;
  /** organizations.settings.low_confidence_action */
  low_confidence_action?: 'offer_person' | 'hand_over';
  visitor_email_known?: boolean;
  /** the visitor asked the same question earlier in this conversation */
  repeated_question?: boolean;
  history?: { sender_type: 'visitor' | 'ai' | 'agent'; body: string }[];
}

// One client of each kind per instance: they hold no session (persistSession off), so every
// request can share them instead of building a supabase-js client (auth, realtime…) per message.
let visitorDb: Db | undefined;
let aiWriter: Db | undefined;

/** What the widget shows instead of an answer while the team has the conversation. */
function teamEvent(state: string | undefined, agentName: string | null | undefined, language: WidgetLanguage | undefined) {
  return {
    state: state ?? 'waiting_for_agent',
    agent_name: agentName ?? null,
    notice: say(language, 'teamHasIt'),
  };
}

/**
 * Hand-over mode with the visitor's email known: escalate in the same turn through the visitor's
 * own session (public.widget_escalate, as the "Talk to a human" form does), which takes the reason
 * from the reply just stored. The reply is stored either way; a failure leaves the offer.
 */
async function handOverNow(ctx: Context, sessionToken: string): Promise<string | null> {
  const escalated = await visitorDb!.rpc('widget_escalate', { p_session_token: sessionToken, p_email: orNull<string>(null), p_name: orNull<string>(null) });
  if (escalated.error) {
    ctx.log('hand-over failed', escalated.error.code);
    return null;
  }
  return rpcJson<{ ticket_ref: string }>(escalated.data).ticket_ref;
}

async function answer(
  ctx: Context,
  channel: SseChannel,
  provider: AnswerProvider,
  question: string,
  turn: ChatTurn,
  sessionToken: string,
  language: WidgetLanguage | undefined,
) {
  try {
    const turns: Turn[] = (turn.history ?? []).map((m) => ({
      role: m.sender_type === 'visitor' ? 'user' as const : 'assistant' as const,
      content: m.body,
    }));
    // over the budget the model is not called: the visitor is offered a person instead
    const plan = turn.ai_over_budget
      ? overBudgetReply(language)
      : reply(question, { ...turn.retrieval!, ...(language ? { language } : {}) }, turns, provider, {
          action: turn.low_confidence_action ?? 'offer_person',
          emailKnown: turn.visitor_email_known === true,
          repeated: turn.repeated_question === true,
        });

    let text = '';
    for await (const chunk of plan.chunks) {
      text += chunk;
      channel.send('delta', { text: chunk });
    }
    text = text.trim();
    if (!text) throw new Error('the provider returned an empty answer');

    const metadata = {
      intent: plan.intent,
      confidence: plan.confidence,
      sources: plan.sources,
      offer_human: plan.offerHuman,
      ...(plan.escalationReason ? { escalation_reason: plan.escalationReason } : {}),
      provider: plan.provider,
      ...(plan.model ? { model: plan.model } : {}),
      in_reply_to: turn.id,
    };
    // service role, for the AI reply write only (public.store_ai_reply, executable by service_role
    // alone); listed in SECURITY.md
    aiWriter ??= serviceClient();
    const stored = await aiWriter.rpc('store_ai_reply', {
      p_conversation_id: turn.conversation_id,
      p_client_msg_id: turn.reply_key,
      p_body: text,
      p_metadata: asJson(metadata),
    });
    if (stored.error) throw stored.error;
    const { id, created_at, silenced, state } = rpcJson<{ id: string; created_at: string; silenced?: boolean; state?: string }>(stored.data);
    if (silenced) {
      // a person took over while the answer streamed: the widget drops the streamed text
      channel.send('team', teamEvent(state, null, language));
      return;
    }
    const ticketRef = plan.handOver === 'now' ? await handOverNow(ctx, sessionToken) : null;
    channel.send('done', {
      id,
      body: text,
      created_at,
      confidence: plan.confidence,
      intent: plan.intent,
      sources: plan.sources,
      offer_human: plan.offerHuman,
      ...(plan.escalationReason ? { escalation_reason: plan.escalationReason } : {}),
      ...(ticketRef ? { hand_over: { ticket_ref: ticketRef } } : plan.handOver === 'ask_email' ? { hand_over: 'ask_email' } : {}),
    });
  } catch (error) {
    ctx.log('answer failed', error instanceof Error ? error.message : error);
    channel.send('error', {
      code: 'ai_unavailable',
      message: say(language, 'aiUnavailable'),
    });
  }
}

serve({ name: 'chat', methods: ['POST'], maxBytes: MAX_BODY_BYTES }, async (ctx) => {
  const limited = rateLimit(limits.ip, clientIp(ctx.request, ctx.info));
  if (limited) return limited;
  const { session_token, client_msg_id, body: question, language } = await ctx.json(body);

  // the only round trip before the stream: store the message, fetch retrieval and history with it
  const provider = configuredProvider();
  visitorDb ??= anonClient();
  const result = await visitorDb.rpc('widget_chat_turn', {
    p_session_token: session_token,
    p_client_msg_id: client_msg_id,
    p_body: question,
    p_history: provider.historyTurns,
  });
  if (result.error) return ctx.rpcError(result.error);
  const turn = rpcJson<ChatTurn>(result.data);

  return sseResponse(async (channel) => {
    channel.send('message', { id: turn.id, created_at: turn.created_at, duplicate: turn.duplicate });
    if (turn.reply) channel.send('done', turn.reply);
    else if (turn.handled_by_team) channel.send('team', teamEvent(turn.state, turn.agent_name, language));
    else await answer(ctx, channel, provider, question, turn, session_token, language);
  }, corsHeaders);
});
