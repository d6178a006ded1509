import { z } from 'zod';
import { configuredProvider, reply, type Retrieval, type Turn } from '../_shared/ai/index.ts';
import { rpcErrorResponse } from '../_shared/errors.ts';
import { corsHeaders, preflight } from '../_shared/http.ts';
import { clientIp, rateLimit } from '../_shared/rate-limit.ts';
import { readJson } from '../_shared/request.ts';
import { type SseChannel, sseResponse } from '../_shared/sse.ts';
import { aiWriterClient, anonClient } from '../_shared/supabase.ts';
import { clientMsgId, limits, MAX_BODY_BYTES, sessionToken } from '../_shared/widget.ts';

// A visitor message in, the AI concierge's answer out as Server-Sent Events:
//   message {id, created_at, duplicate} · delta {text}… · done {id, body, confidence, intent, sources, offer_human}
//   or error {code, message}.
// The visitor message is stored before the stream starts; the reply is stored when complete,
// even if the visitor has gone. A resent client_msg_id stores nothing new and replays the reply.

const body = z.object({
  session_token: sessionToken,
  client_msg_id: clientMsgId,
  body: z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters'),
});

interface Posted {
  id: string;
  created_at: string;
  duplicate: boolean;
  conversation_id: string;
  reply_key: string;
  reply: Record<string, unknown> | null;
}

interface WidgetMessage {
  sender_type: 'visitor' | 'ai' | 'agent';
  body: string;
}

async function history(db: ReturnType<typeof anonClient>, token: string, exceptId: string): Promise<Turn[]> {
  const { data, error } = await db.rpc('widget_messages', { p_session_token: token });
  if (error) throw error;
  return ((data as { messages: (WidgetMessage & { id: string })[] }).messages)
    .filter((m) => m.id !== exceptId)
    .map((m) => ({ role: m.sender_type === 'visitor' ? 'user' as const : 'assistant' as const, content: m.body }));
}

async function answer(channel: SseChannel, db: ReturnType<typeof anonClient>, token: string, question: string, posted: Posted) {
  try {
    const search = await db.rpc('widget_search_articles', { p_session_token: token, p_query: question, p_limit: 3 });
    if (search.error) throw search.error;
    const provider = configuredProvider();
    const turns = provider.name === 'local' ? [] : await history(db, token, posted.id);
    const plan = reply(question, search.data as Retrieval, turns, provider);

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
      provider: plan.provider,
      ...(plan.model ? { model: plan.model } : {}),
      in_reply_to: posted.id,
    };
    const stored = await aiWriterClient().rpc('store_ai_reply', {
      p_conversation_id: posted.conversation_id,
      p_client_msg_id: posted.reply_key,
      p_body: text,
      p_metadata: metadata,
    });
    if (stored.error) throw stored.error;
    const { id, created_at } = stored.data as { id: string; created_at: string };
    channel.send('done', {
      id,
      body: text,
      created_at,
      confidence: plan.confidence,
      intent: plan.intent,
      sources: plan.sources,
      offer_human: plan.offerHuman,
    });
  } catch (error) {
    console.error('chat: answer failed', error instanceof Error ? error.message : error);
    channel.send('error', {
      code: 'ai_unavailable',
      message: 'The assistant could not answer just now. Send your message again, or talk to a human.',
    });
  }
}

Deno.serve(async (request, info) => {
  const early = preflight(request);
  if (early) return early;
  const limited = rateLimit(limits.ip, clientIp(request, info));
  if (limited) return limited;
  const parsed = await readJson(request, body, MAX_BODY_BYTES);
  if ('response' in parsed) return parsed.response;
  const { session_token, client_msg_id, body: question } = parsed.data;

  const db = anonClient();
  const result = await db.rpc('widget_post_message', {
    p_session_token: session_token,
    p_client_msg_id: client_msg_id,
    p_body: question,
  });
  if (result.error) return rpcErrorResponse(result.error);
  const posted = result.data as Posted;

  return sseResponse(async (channel) => {
    channel.send('message', { id: posted.id, created_at: posted.created_at, duplicate: posted.duplicate });
    if (posted.reply) channel.send('done', posted.reply);
    else await answer(channel, db, session_token, question, posted);
  }, corsHeaders);
});
