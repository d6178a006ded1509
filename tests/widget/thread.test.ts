import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '@/widget/src/i18n';
import { isLater, newClientMsgId, Thread } from '@/widget/src/thread';
import type { Message } from '@/widget/src/types';

const msg = (id: string, sender_type: Message['sender_type'], body: string, created_at: string, agent_name: string | null = null): Message => ({
  id,
  sender_type,
  body,
  created_at,
  sources: [],
  agent_name,
});

const T1 = '2026-11-23T10:00:00.100001+00:00';
const T2 = '2026-11-23T10:00:00.100002+00:00';
const T3 = '2026-11-23T10:00:05+00:00';

afterEach(() => setLanguage('en'));

describe('the widget thread', () => {
  it("words the server's transition lines in the visitor's language from their kind, and keeps the English line for a kind it does not know", () => {
    setLanguage('fr');
    const line = (id: string, kind: string | null, body: string, agent_name: string | null = null): Message => ({
      ...msg(id, 'system', body, T1, agent_name),
      kind,
    });
    const thread = new Thread();
    thread.merge([
      line('t1', 'taken_over', 'Grace from the team took over the conversation', 'Grace'),
      line('t2', 'handed_back', 'You are chatting with the assistant again'),
      line('t3', 'resolved', 'The conversation was marked as resolved'),
      line('t4', 'reopened', 'The conversation was reopened'),
      line('t5', 'taken_over', 'Someone from the team took over the conversation'),
      line('t6', 'constructor', 'A line from a newer server'),
      line('t7', null, 'A line from an older server'),
    ]);
    expect(thread.entries.map((e) => e.body)).toEqual([
      "Grace de l'équipe a repris la conversation",
      "Vous discutez de nouveau avec l'assistant",
      'La conversation a été marquée comme résolue',
      'La conversation a été rouverte',
      "Quelqu'un de l'équipe a repris la conversation",
      'A line from a newer server',
      'A line from an older server',
    ]);
    // the next poll repeats them: nothing changes
    expect(thread.merge([line('t1', 'taken_over', 'Grace from the team took over the conversation', 'Grace')]).updated).toEqual([]);
  });

  it('shows each stored message once, however often history and polls repeat it', () => {
    const thread = new Thread();
    expect(thread.merge([msg('v1', 'visitor', 'hi', T1), msg('a1', 'ai', 'hello', T2)]).added).toHaveLength(2);
    const again = thread.merge([msg('a1', 'ai', 'hello', T2), msg('g1', 'agent', 'Alan here', T3, 'Alan')]);
    expect(again.added.map((e) => e.id)).toEqual(['g1']);
    expect(again.added[0]?.agentName).toBe('Alan');
    expect(thread.entries.map((e) => e.id)).toEqual(['v1', 'a1', 'g1']);
    expect(thread.newest).toBe(T3);
  });

  it('polls after the newest timestamp, microseconds included', () => {
    const thread = new Thread();
    thread.merge([msg('b', 'ai', 'b', T2), msg('a', 'visitor', 'a', T1)]);
    expect(thread.newest).toBe(T2);
    expect(isLater(T2, T1)).toBe(true);
    expect(isLater(T1, T2)).toBe(false);
    expect(isLater('2026-11-23T10:00:01Z', '2026-11-23T10:00:00.999+00:00')).toBe(true);
  });

  it('a retry keeps its bubble: confirming the same client message twice never adds a second one', () => {
    const thread = new Thread();
    const id = newClientMsgId();
    const bubble = thread.addVisitor(id, 'Where is my order?');
    bubble.state = 'failed';
    expect(thread.confirm(bubble, 'v1', T1)).toBeNull();
    expect(thread.confirm(bubble, 'v1', T1)).toBeNull();
    expect(thread.entries).toHaveLength(1);
    expect(bubble).toMatchObject({ id: 'v1', clientMsgId: id, key: `c-${id}` });
  });

  it('a message stored before its send failed is matched to the failed bubble, which keeps Retry', () => {
    const thread = new Thread();
    const bubble = thread.addVisitor(newClientMsgId(), 'Refund please');
    Object.assign(bubble, { state: 'failed', retryable: true });
    const changes = thread.merge([msg('v9', 'visitor', 'Refund please', T1)]);
    expect(changes.added).toEqual([]);
    expect(thread.entries).toEqual([expect.objectContaining({ id: 'v9', state: 'failed', retryable: true })]);
  });

  it('the streamed reply becomes the stored one on done, or gives way to a copy a poll already showed', () => {
    const thread = new Thread();
    const streamed = thread.startReply();
    streamed.body = 'Orders ship';
    const done = {
      id: 'a1',
      body: 'Orders ship within 1 business day.',
      created_at: T2,
      sources: [{ id: 's', title: 'Shipping times and tracking' }],
      offer_human: false,
    };
    thread.finishReply(streamed, done);
    expect(thread.entries).toEqual([expect.objectContaining({ id: 'a1', state: 'sent', body: done.body, sources: done.sources })]);

    const other = new Thread();
    other.merge([msg('a1', 'ai', done.body, T2)]);
    const late = other.startReply();
    const changes = other.finishReply(late, done);
    expect(changes.removed).toEqual([late]);
    expect(other.entries.map((e) => e.id)).toEqual(['a1']);
  });

  it('a replay without deltas (duplicate send) adds the stored reply once', () => {
    const thread = new Thread();
    const done = { id: 'a1', body: 'Answer', created_at: T2, sources: [], offer_human: true };
    expect(thread.finishReply(null, done).added).toHaveLength(1);
    expect(thread.finishReply(null, done).added).toHaveLength(0);
    expect(thread.entries).toHaveLength(1);
  });

  it('a new conversation clears the old messages but keeps unsent ones for retry', () => {
    const thread = new Thread();
    thread.merge([msg('v1', 'visitor', 'old', T1)]);
    const unsent = thread.addVisitor(newClientMsgId(), 'not yet sent');
    const removed = thread.reset();
    expect(removed.map((e) => e.id)).toEqual(['v1']);
    expect(thread.entries).toEqual([unsent]);
    expect(thread.newest).toBeNull();
  });

  it('makes RFC 4122 v4 ids, also without crypto.randomUUID (plain-http pages)', () => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newClientMsgId()).toMatch(v4);
    const insecure = { getRandomValues: (a: Uint8Array) => crypto.getRandomValues(a) } as unknown as Crypto;
    const ids = new Set(Array.from({ length: 50 }, () => newClientMsgId(insecure)));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(v4);
  });
});
