import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, describe, expect, it } from 'vitest';
import { ACME, USERS } from '../helpers/seed';
import { nextIp, post, startSession } from '../helpers/widget';
import { anonClient, keys, userClient } from '../helpers/stack';

/**
 * The visitor's public Realtime topic, widget:<conversation.widget_topic>, through the gateway and
 * the local Realtime service, heard with realtime-js as anyone holding the anon key would: the
 * topic is handed out only through the visitor's session token, events carry no content, and one
 * conversation's topic hears nothing of another's.
 */
const clients: SupabaseClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()));
});

interface Heard {
  channel: RealtimeChannel;
  events: { event: string; payload: unknown }[];
}

/** The conversation's widget_topic as widget-session returned it (the shared Session type predates it). */
const topicOf = (session: { conversation: object }) => (session.conversation as { widget_topic?: string }).widget_topic ?? '';

/** Joins a PUBLIC channel with the anon key alone, as the widget does, recording every broadcast. */
async function listen(topic: string): Promise<Heard> {
  const client = anonClient();
  clients.push(client);
  const heard: Heard = { channel: client.channel(topic), events: [] };
  heard.channel.on('broadcast', { event: '*' }, (m) => heard.events.push({ event: m.event, payload: m.payload }));
  const status = await new Promise<string>((resolve) =>
    heard.channel.subscribe((s) => {
      if (s === 'SUBSCRIBED' || s === 'CHANNEL_ERROR' || s === 'TIMED_OUT') resolve(s);
    }),
  );
  expect(status).toBe('SUBSCRIBED');
  return heard;
}

async function agentReply(conversationId: string, body: string, isInternal = false) {
  const agent = await userClient(USERS.acmeAgent, { id: ACME.id, slug: ACME.slug });
  await agent
    .from('messages')
    .insert({ organization_id: ACME.id, conversation_id: conversationId, sender_type: 'agent', body, is_internal: isInternal })
    .throwOnError();
}

/** A broadcast sent after the interesting ones: once it arrives, everything before it has too. */
async function flush(heard: Heard, topic: string) {
  const marker = `flush-${Math.random()}`;
  const sender = anonClient();
  clients.push(sender);
  const channel = sender.channel(topic);
  await new Promise<void>((resolve) => channel.subscribe((s) => s === 'SUBSCRIBED' && resolve()));
  expect(await channel.send({ type: 'broadcast', event: marker, payload: {} })).toBe('ok');
  await expect.poll(() => heard.events.some((e) => e.event === marker), { timeout: 10_000 }).toBe(true);
  return heard.events.filter((e) => e.event !== marker);
}

describe('the widget’s public topic', () => {
  it('widget-session and widget-messages name the conversation’s topic and the key for the socket', async () => {
    const session = await startSession();
    expect(topicOf(session)).toMatch(/^[0-9a-f]{32}$/);
    expect((session as { realtime_key?: string }).realtime_key).toBe(keys.anonKey);
    const res = await post('widget-messages', { session_token: session.session_token }, { ip: nextIp() });
    const body = (await res.json()) as { conversation: { widget_topic: string } };
    expect(body.conversation.widget_topic).toBe(topicOf(session));
    expect(topicOf(await startSession())).not.toBe(topicOf(session));
  });

  it('an agent reply is announced as `changed` {kind: message}, with no content, on its own topic only', async () => {
    const mine = await startSession();
    const other = await startSession();
    const mineTopic = `widget:${topicOf(mine)}`;
    const otherTopic = `widget:${topicOf(other)}`;
    const heardMine = await listen(mineTopic);
    const heardOther = await listen(otherTopic);

    await agentReply(mine.conversation_id, 'Your refund number is RF-4242', true);
    await agentReply(mine.conversation_id, 'Hello from Alan, order 7781 ships today');

    const events = await flush(heardMine, mineTopic);
    const messages = events.filter((e) => e.event === 'changed' && (e.payload as { kind?: string }).kind === 'message');
    expect(messages).toHaveLength(1); // the reply; the internal note before it sent nothing
    for (const e of events) {
      expect(e.event).toBe('changed');
      expect(Object.keys(e.payload as object)).toEqual(['kind']);
    }
    const text = JSON.stringify(events);
    for (const secret of ['RF-4242', '7781', 'Alan', mine.conversation_id, ACME.id]) expect(text).not.toContain(secret);

    expect(await flush(heardOther, otherTopic)).toEqual([]);
  });

  it('the visitor’s own widget reads the reply through its token: the event alone revealed nothing', async () => {
    const session = await startSession();
    await agentReply(session.conversation_id, 'Only your token reads this');
    const res = await post('widget-messages', { session_token: session.session_token }, { ip: nextIp() });
    const body = (await res.json()) as { messages: { body: string }[] };
    expect(body.messages.map((m) => m.body)).toContain('Only your token reads this');
  });
});
