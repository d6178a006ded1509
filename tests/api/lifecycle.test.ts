import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeOpenAI } from '@/scripts/test/fake-openai';
import { startOpenAIRuntime } from '../helpers/functions-runtime';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { sql, userClient } from '../helpers/stack';
import { chat, doneOf, nextIp, post, readEvents, startSession, type SseEvent } from '../helpers/widget';

/**
 * The hand-over through the widget's functions (issue 11): once the team has a conversation the
 * chat function stores the visitor's message and answers with a `team` event instead of the
 * assistant, in every state but bot; agents take over, hand back and resolve through the RPCs.
 */
const teamOf = (events: SseEvent[]) => events.find((e) => e.event === 'team')?.data;

const aiMessages = async (conversationId: string) =>
  (await sql<{ n: number }>("select count(*)::int as n from public.messages where conversation_id = $1 and sender_type = 'ai'", [conversationId]))[0]!
    .n;

const stateOf = async (conversationId: string) =>
  (await sql<{ state: string }>('select state from public.conversations where id = $1', [conversationId]))[0]!.state;

const widgetView = async (sessionToken: string) => {
  const res = await post('widget-messages', { session_token: sessionToken }, { ip: nextIp() });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    conversation: { state: string; handled_by_team: boolean; ticket_ref: string | null };
    messages: { sender_type: string; body: string }[];
  };
};

const agent = () => userClient(USERS.acmeAgent, { id: ACME.id, slug: ACME.slug });

async function agentReplies(conversationId: string, body: string) {
  const db = await agent();
  const { error } = await db
    .from('messages')
    .insert({ organization_id: ACME.id, conversation_id: conversationId, sender_type: 'agent', body, client_msg_id: randomUUID() });
  expect(error).toBeNull();
}

async function escalate(sessionToken: string) {
  const res = await post('escalate', { session_token: sessionToken, email: 'rae@example.com', name: 'Rae' }, { ip: nextIp() });
  expect(res.status).toBe(200);
  return (await res.json()) as { ticket_ref: string; created: boolean };
}

describe('the hand-over through the widget functions', () => {
  it('after an escalation the visitor message is stored and the team event replaces the answer', async () => {
    const s = await startSession();
    const first = await chat(s.session_token, randomUUID(), 'How long does shipping take?', { ip: nextIp() });
    expect(doneOf(first.events)).toBeDefined();
    const ticket = await escalate(s.session_token);

    const id = randomUUID();
    const { res, events } = await chat(s.session_token, id, 'Is anyone there?', { ip: nextIp() });
    expect(res.status).toBe(200);
    expect(events.map((e) => e.event)).toEqual(['message', 'team']);
    expect(teamOf(events)).toMatchObject({ state: 'waiting_for_agent', notice: expect.stringMatching(/team has this conversation/) });
    expect(await aiMessages(s.conversation_id)).toBe(1);
    const stored = await sql('select 1 from public.messages where conversation_id = $1 and client_msg_id = $2', [s.conversation_id, id]);
    expect(stored).toHaveLength(1);

    const view = await widgetView(s.session_token);
    expect(view.conversation).toMatchObject({ state: 'waiting_for_agent', handled_by_team: true, ticket_ref: ticket.ticket_ref });
  });

  it("after an agent's reply the visitor's answer needs a reply, and the assistant stays silent", async () => {
    const s = await startSession();
    await chat(s.session_token, randomUUID(), 'How long does shipping take?', { ip: nextIp() });
    await escalate(s.session_token);
    await agentReplies(s.conversation_id, 'Hi, Alan here. Let me check.');
    expect(await stateOf(s.conversation_id)).toBe('with_agent');

    const { events } = await chat(s.session_token, randomUUID(), 'Thanks! Also, how long does shipping take?', { ip: nextIp() });
    expect(doneOf(events)).toBeUndefined();
    expect(events.some((e) => e.event === 'delta')).toBe(false);
    expect(teamOf(events)).toMatchObject({ state: 'needs_reply', agent_name: 'Alan' });
    expect(await stateOf(s.conversation_id)).toBe('needs_reply');
    expect(await aiMessages(s.conversation_id)).toBe(1);
  });

  it('a message after the resolution reopens the same ticket for the team instead of getting a bot answer', async () => {
    const s = await startSession();
    await chat(s.session_token, randomUUID(), 'My parcel arrived damaged', { ip: nextIp() });
    const ticket = await escalate(s.session_token);
    await agentReplies(s.conversation_id, 'Sorry! A replacement is on its way.');
    const db = await agent();
    const resolved = await db.rpc('resolve_conversation', { p_conversation_id: s.conversation_id });
    expect(resolved).toMatchObject({ data: 'resolved', error: null });
    const [{ status } = { status: '' }] = await sql<{ status: string }>('select status from public.tickets where conversation_id = $1', [
      s.conversation_id,
    ]);
    expect(status).toBe('resolved');
    expect((await widgetView(s.session_token)).messages.filter((m) => m.sender_type === 'system').map((m) => m.body)).toEqual([
      'The conversation was marked as resolved',
    ]);

    const { events } = await chat(s.session_token, randomUUID(), 'The replacement is broken too', { ip: nextIp() });
    expect(teamOf(events)).toMatchObject({ state: 'needs_reply' });
    const [after] = await sql<{ ref: string; status: string; tickets: number }>(
      `select t.ref, t.status, (select count(*)::int from public.tickets where conversation_id = $1) as tickets
         from public.tickets t where t.conversation_id = $1`,
      [s.conversation_id],
    );
    expect(after).toEqual({ ref: ticket.ticket_ref, status: 'open', tickets: 1 });
    const view = await widgetView(s.session_token);
    expect(view.conversation.state).toBe('needs_reply');
    expect(view.messages.filter((m) => m.sender_type === 'system').map((m) => m.body)).toContain('The conversation was reopened');
  });

  it('an agent takes over before any escalation and hands back; the assistant answers again', async () => {
    const s = await startSession();
    await chat(s.session_token, randomUUID(), 'How long does shipping take?', { ip: nextIp() });
    const db = await agent();
    expect(await db.rpc('take_over_conversation', { p_conversation_id: s.conversation_id })).toMatchObject({ data: 'with_agent', error: null });

    const silent = await chat(s.session_token, randomUUID(), 'And to Canada?', { ip: nextIp() });
    expect(teamOf(silent.events)).toMatchObject({ state: 'needs_reply' });
    expect(await aiMessages(s.conversation_id)).toBe(1);
    expect((await widgetView(s.session_token)).messages.filter((m) => m.sender_type === 'system').map((m) => m.body)).toEqual([
      'Alan from the team took over the conversation',
    ]);

    expect(await db.rpc('hand_back_conversation', { p_conversation_id: s.conversation_id })).toMatchObject({ data: 'bot', error: null });
    // a new question: the same one again would hand over as repeated_question
    const answered = await chat(s.session_token, randomUUID(), 'How long does shipping to Europe take?', { ip: nextIp() });
    expect(doneOf(answered.events)).toMatchObject({ intent: 'answer' });
    expect(await aiMessages(s.conversation_id)).toBe(2);
  });

  it('viewers and other organizations cannot move a conversation', async () => {
    const s = await startSession();
    await chat(s.session_token, randomUUID(), 'Hello', { ip: nextIp() });
    const viewer = await userClient(USERS.acmeViewer, { id: ACME.id, slug: ACME.slug });
    const outsider = await userClient(USERS.globexAgent, { id: GLOBEX.id, slug: GLOBEX.slug });
    for (const db of [viewer, outsider]) {
      const { data, error } = await db.rpc('take_over_conversation', { p_conversation_id: s.conversation_id });
      expect(data).toBeNull();
      expect(error?.code).toBe('42501');
    }
    expect(await stateOf(s.conversation_id)).toBe('bot');
  });
});

describe('the silence rule with the openai provider', () => {
  let openai: Awaited<ReturnType<typeof startOpenAIRuntime>>;
  let fake: FakeOpenAI;

  beforeAll(async () => {
    openai = await startOpenAIRuntime('fake-model-1');
    fake = openai.fake;
  });

  afterAll(async () => {
    await openai?.stop();
  });

  const chatDirect = async (body: object) =>
    readEvents(
      await fetch(`${openai.url}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp('198.18.1') },
        body: JSON.stringify(body),
      }),
    );

  it('makes no completion request once the team has the conversation', async () => {
    fake.script = { chunks: ['Refunds reach your card ', 'within 5-10 business days.'], delayMs: 0 };
    const s = await startSession();
    const before = fake.requests.length;
    const answered = await chatDirect({ session_token: s.session_token, client_msg_id: randomUUID(), body: 'How do refunds work for returns?' });
    expect(doneOf(answered)).toBeDefined();
    expect(fake.requests.length).toBe(before + 1);

    await escalate(s.session_token);
    const silent = await chatDirect({ session_token: s.session_token, client_msg_id: randomUUID(), body: 'How do refunds work for returns?' });
    expect(silent.map((e) => e.event)).toEqual(['message', 'team']);
    expect(fake.requests.length).toBe(before + 1);
  });
});
