import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { resolveOrgContext } from '@/lib/dashboard/context';
import { addMessage, createSession, getSession, touchSession } from '@/lib/data/team';
import { planAnswer } from '@/lib/team/answer';
import { findColleagues } from '@/lib/team/matching';
import { jsonError } from '@/lib/team/http';

/**
 * "Ask the team": POST {message, sessionId?} → a stream of JSON lines (application/x-ndjson):
 *   {type: 'session', session: {id, title}, matches: [card…]}, then {type: 'delta', text}…,
 *   then {type: 'done', messageId} (or {type: 'error', error}).
 * The question is stored before the answer starts, the answer when it is complete, with metadata
 * (intent, matched profile ids and scores, response length, provider). A sessionId the member
 * does not own is a 404 (RLS hides it); without one a session is created, titled by the question.
 */
const body = z.object({
  message: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  sessionId: z.uuid().nullish(),
});

export async function POST(request: NextRequest, { params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await resolveOrgContext((await params).orgSlug);
  if (!ctx) return jsonError(404, 'not_found', 'No such organization, or you are not a member of it.');
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return jsonError(400, 'invalid_request', z.prettifyError(parsed.error));
  const { message } = parsed.data;
  const base = { organizationId: ctx.org.id, userId: ctx.user.userId };

  let session = parsed.data.sessionId ? await getSession(ctx.supabase, { id: parsed.data.sessionId }) : null;
  if (parsed.data.sessionId && !session) return jsonError(404, 'session_not_found', 'No such chat session.');
  session ??= await createSession(ctx.supabase, { ...base, title: message.length > 80 ? `${message.slice(0, 79)}…` : message });

  const { cards, matches } = await findColleagues(ctx.supabase, message);
  const plan = planAnswer(message, matches);
  const matched = matches.map((m) => ({ profile_id: m.profileId, score: m.score, terms: m.terms }));
  await addMessage(ctx.supabase, {
    ...base,
    sessionId: session.id,
    role: 'user',
    content: message,
    metadata: { query_intent: plan.intent, matched_profiles: matched },
  });
  await touchSession(ctx.supabase, { id: session.id });

  const encoder = new TextEncoder();
  const sessionId = session.id;
  const line = (value: unknown) => encoder.encode(`${JSON.stringify(value)}\n`);
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (value: unknown) => {
        if (!open) return;
        try {
          controller.enqueue(line(value));
        } catch {
          // the member left mid-answer: keep producing so the answer is still stored
          open = false;
        }
      };
      send({ type: 'session', session: { id: sessionId, title: session.title }, matches: cards });
      try {
        let text = '';
        for await (const chunk of plan.chunks) {
          text += chunk;
          send({ type: 'delta', text: chunk });
        }
        text = text.trim() || 'No answer came back; try again.';
        const stored = await addMessage(ctx.supabase, {
          ...base,
          sessionId,
          role: 'assistant',
          content: text,
          metadata: {
            query_intent: plan.intent,
            matched_profiles: matched,
            response_length: text.length,
            provider: plan.provider,
            ...(plan.model ? { model: plan.model } : {}),
          },
        });
        await touchSession(ctx.supabase, { id: sessionId });
        send({ type: 'done', messageId: stored.id });
      } catch (error) {
        console.error('[team ask] answer failed', error);
        send({ type: 'error', error: { code: 'answer_failed', message: 'The answer could not be completed. Try again.' } });
      } finally {
        try {
          controller.close();
        } catch {
          // already cancelled by the member's browser
        }
      }
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
  });
}
