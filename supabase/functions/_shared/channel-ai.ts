import { channelHandOverReply } from './ai/intent.ts';
import { configuredProvider, overBudgetReply, reply, type Retrieval, type Turn } from './ai/index.ts';
import type { Context } from './handler.ts';
import { asJson, type Db, rpcJson, serviceClient } from './supabase.ts';

// The AI concierge on Messenger and Zalo (issue 14), once facebook-webhook / zalo-webhook stored
// the customer's message: the same retrieval and answer / hand-over rules as the widget's chat
// turn (_shared/ai reply()), with the organization's articles (public.channel_ai_turn). A channel
// has no "Talk to a human" button and no email to ask for, so whenever the widget would offer a
// person the conversation is handed to the team at once (public.channel_hand_over: a ticket with
// the reason, waiting_for_agent) and the customer is told a person will answer. The reply is an AI
// message, which the outbox trigger queues for channel-sender. Once the team has the conversation
// the assistant stays silent (channel_ai_turn skips it; store_ai_reply drops a late answer).

/** public.channel_ai_turn: skip, or what the assistant needs. */
interface ChannelTurn {
  skip?: string;
  id: string;
  conversation_id: string;
  reply_key: string;
  question: string;
  ai_over_budget: boolean;
  retrieval?: Retrieval;
  repeated_question?: boolean;
  history?: { sender_type: 'visitor' | 'ai' | 'agent'; body: string }[];
}

let db: Db | undefined;

async function answerOne(conversationId: string) {
  const provider = configuredProvider();
  // service role, for the channel AI turn, its reply and hand-over only; listed in SECURITY.md
  db ??= serviceClient();
  const started = await db.rpc('channel_ai_turn', { p_conversation_id: conversationId, p_history: provider.historyTurns });
  if (started.error) throw started.error;
  const turn = rpcJson<ChannelTurn>(started.data);
  if (turn.skip) return;

  const history: Turn[] = (turn.history ?? []).map((m) => ({ role: m.sender_type === 'visitor' ? 'user' : 'assistant', content: m.body }));
  const plan = turn.ai_over_budget
    ? overBudgetReply()
    : reply(turn.question, turn.retrieval!, history, provider, { action: 'hand_over', emailKnown: true, repeated: turn.repeated_question === true });
  let text = '';
  for await (const chunk of plan.chunks) text += chunk;
  const reason = plan.offerHuman ? (plan.escalationReason ?? 'low_confidence') : undefined;
  if (reason) text = channelHandOverReply(plan.escalationReason);
  text = text.trim();
  if (!text) throw new Error('the provider returned an empty answer');

  const stored = await db.rpc('store_ai_reply', {
    p_conversation_id: turn.conversation_id,
    p_client_msg_id: turn.reply_key,
    p_body: text,
    p_metadata: asJson({
      intent: plan.intent,
      confidence: plan.confidence,
      sources: plan.sources,
      offer_human: plan.offerHuman,
      ...(reason ? { escalation_reason: reason } : {}),
      provider: plan.provider,
      ...(plan.model ? { model: plan.model } : {}),
      in_reply_to: turn.id,
    }),
  });
  if (stored.error) throw stored.error;
  if (rpcJson<{ silenced?: boolean }>(stored.data).silenced || !reason) return;
  const handed = await db.rpc('channel_hand_over', { p_conversation_id: turn.conversation_id, p_reason: reason });
  if (handed.error) throw handed.error;
}

/**
 * Answers the conversations that just got a customer message, after the webhook's 200 (the
 * platforms want an answer within seconds; the model may take longer). A failure leaves the
 * conversation with the assistant and is logged; the customer's next message tries again.
 */
export function answerInBackground(ctx: Context, conversationIds: string[]) {
  const work = (async () => {
    for (const id of new Set(conversationIds)) {
      try {
        await answerOne(id);
      } catch (error) {
        ctx.log('channel answer failed', error instanceof Error ? error.message : error);
      }
    }
  })();
  // On the hosted runtime, keep the worker alive until the answers are stored.
  (globalThis as { EdgeRuntime?: { waitUntil(p: Promise<unknown>): void } }).EdgeRuntime?.waitUntil(work);
}
