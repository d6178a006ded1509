import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sql } from '../helpers/stack';
import { chat, doneOf, nextIp, post, startSession } from '../helpers/widget';

/**
 * The concierge's hand-over through the widget functions (issue 12): the reason the assistant
 * wants a person is recorded on the conversation and the ticket, an organization may hand over at
 * once instead of offering, cited articles are counted once per answer, and the visitor's thumbs
 * are stored. Each test uses an organization of its own, so its settings and counts are its own.
 */

const SHIPPING = {
  title: 'Shipping times and tracking',
  body: 'Orders ship within 2 business days. Delivery takes 3 to 5 business days in Europe. Every order has a tracking link in its confirmation email.',
};

async function organization(settings: Record<string, unknown> = {}) {
  const tag = randomUUID().slice(0, 8);
  const [org] = await sql<{ id: string }>(
    "insert into public.organizations (slug, name, ticket_prefix, settings) values ($1, $2, 'HND', $3) returning id",
    [`handover-${tag}`, `Handover ${tag}`, settings],
  );
  const origin = `https://${tag}.handover.example`;
  const [site] = await sql<{ public_key: string }>(
    'insert into public.websites (organization_id, domain, name, allowed_origins) values ($1, $2, $3, $4) returning public_key',
    [org!.id, `${tag}.handover.example`, `Handover ${tag}`, [origin]],
  );
  const [article] = await sql<{ id: string }>(
    'insert into public.articles (organization_id, title, slug, is_published, body) values ($1, $2, $3, true, $4) returning id',
    [org!.id, SHIPPING.title, `shipping-${tag}`, SHIPPING.body],
  );
  return { id: org!.id, articleId: article!.id, session: () => startSession(site!.public_key, origin, {}, nextIp()) };
}

const reasonOf = async (conversationId: string) => {
  const [row] = await sql<{ escalated_reason: string | null; state: string; ticket_reason: string | null; ref: string | null }>(
    `select c.escalated_reason, c.state, t.ai_context ->> 'reason' as ticket_reason, t.ref
     from public.conversations c left join public.tickets t on t.conversation_id = c.id where c.id = $1`,
    [conversationId],
  );
  return row!;
};

describe('the concierge hands over with the real reason', () => {
  it('low confidence: offers a person, and the ticket records low_confidence', async () => {
    const org = await organization();
    const s = await org.session();
    const done = doneOf((await chat(s.session_token, randomUUID(), 'Do you sell gift cards for birthdays?', { ip: nextIp() })).events)!;
    expect(done).toMatchObject({ intent: 'unsure', offer_human: true, escalation_reason: 'low_confidence' });
    expect(done.hand_over).toBeUndefined();
    const res = await post('escalate', { session_token: s.session_token, email: 'low@example.com', reason: 'visitor_request' }, { ip: nextIp() });
    expect(res.status).toBe(200);
    expect(await reasonOf(s.conversation_id)).toMatchObject({ escalated_reason: 'low_confidence', ticket_reason: 'low_confidence' });
  });

  it('asking for a person is visitor_request', async () => {
    const org = await organization();
    const s = await org.session();
    const done = doneOf((await chat(s.session_token, randomUUID(), 'Can I talk to a real person?', { ip: nextIp() })).events)!;
    expect(done).toMatchObject({ intent: 'handoff', offer_human: true, escalation_reason: 'visitor_request' });
    await post('escalate', { session_token: s.session_token, email: 'req@example.com' }, { ip: nextIp() });
    expect(await reasonOf(s.conversation_id)).toMatchObject({ escalated_reason: 'visitor_request', ticket_reason: 'visitor_request' });
  });

  it('negative sentiment: an upset visitor is offered a person even when an article would answer', async () => {
    const org = await organization();
    const s = await org.session();
    const done = doneOf((await chat(s.session_token, randomUUID(), 'This is unacceptable, how long does shipping take?!', { ip: nextIp() })).events)!;
    expect(done).toMatchObject({ offer_human: true, escalation_reason: 'negative_sentiment', sources: [] });
    expect(done.body).toMatch(/frustrating/);
    await post('escalate', { session_token: s.session_token, email: 'upset@example.com', reason: 'visitor_request' }, { ip: nextIp() });
    expect(await reasonOf(s.conversation_id)).toMatchObject({ escalated_reason: 'negative_sentiment', ticket_reason: 'negative_sentiment' });
  });

  it('repeated question: the same question again gets a person instead of the same answer', async () => {
    const org = await organization();
    const s = await org.session();
    const first = doneOf((await chat(s.session_token, randomUUID(), 'How long does shipping take?', { ip: nextIp() })).events)!;
    expect(first).toMatchObject({ intent: 'answer', offer_human: false });
    const again = doneOf((await chat(s.session_token, randomUUID(), 'how long does the shipping take', { ip: nextIp() })).events)!;
    expect(again).toMatchObject({ offer_human: true, escalation_reason: 'repeated_question' });
    expect(again.body).toMatch(/earlier answer/);
    await post('escalate', { session_token: s.session_token, email: 'again@example.com', reason: 'visitor_request' }, { ip: nextIp() });
    expect(await reasonOf(s.conversation_id)).toMatchObject({ escalated_reason: 'repeated_question', ticket_reason: 'repeated_question' });
  });

  it('hand_over mode without an email: asks for it in the same turn, and the form escalates with low_confidence', async () => {
    const org = await organization({ low_confidence_action: 'hand_over' });
    const s = await org.session();
    const done = doneOf((await chat(s.session_token, randomUUID(), 'Do you sell gift cards for birthdays?', { ip: nextIp() })).events)!;
    expect(done).toMatchObject({ offer_human: true, escalation_reason: 'low_confidence', hand_over: 'ask_email' });
    expect(done.body).toMatch(/leave your email/);
    expect(await reasonOf(s.conversation_id)).toMatchObject({ state: 'bot', ref: null });
    await post('escalate', { session_token: s.session_token, email: 'ask@example.com', reason: 'visitor_request' }, { ip: nextIp() });
    expect(await reasonOf(s.conversation_id)).toMatchObject({ escalated_reason: 'low_confidence', state: 'waiting_for_agent' });
  });

  it('hand_over mode with the email known: the ticket is created in the same turn', async () => {
    const org = await organization({ low_confidence_action: 'hand_over' });
    const s = await org.session();
    // the visitor left an email earlier (an earlier escalation of another conversation, or identify)
    await sql('update public.visitors set email = $2 where id = (select visitor_id from public.conversations where id = $1)', [
      s.conversation_id,
      'known@example.com',
    ]);
    const done = doneOf((await chat(s.session_token, randomUUID(), 'Do you sell gift cards for birthdays?', { ip: nextIp() })).events)!;
    const after = await reasonOf(s.conversation_id);
    expect(after).toMatchObject({ escalated_reason: 'low_confidence', ticket_reason: 'low_confidence', state: 'waiting_for_agent' });
    expect(done).toMatchObject({ escalation_reason: 'low_confidence', hand_over: { ticket_ref: after.ref } });
    expect(done.body).toMatch(/reply here and by email/);
  });
});

describe('answers feed top articles and carry the visitor thumbs', () => {
  it('records the cited article once per answer, also when the answer is replayed', async () => {
    const org = await organization();
    const s = await org.session();
    const id = randomUUID();
    const done = doneOf((await chat(s.session_token, id, 'How long does shipping take?', { ip: nextIp() })).events)!;
    expect(done.sources).toEqual([{ id: org.articleId, title: SHIPPING.title }]);
    await chat(s.session_token, id, 'How long does shipping take?', { ip: nextIp() });
    const mentions = await sql<{ article_id: string; source: string }>(
      'select article_id, source from public.article_mentions where conversation_id = $1',
      [s.conversation_id],
    );
    expect(mentions).toEqual([{ article_id: org.articleId, source: 'widget' }]);
  });

  it('stores the visitor thumbs on an answer once, changeable, and refuses another conversation', async () => {
    const org = await organization();
    const s = await org.session();
    const other = await org.session();
    const done = doneOf((await chat(s.session_token, randomUUID(), 'How long does shipping take?', { ip: nextIp() })).events)!;
    const rate = (token: string, rating: number) => post('widget-rate', { session_token: token, message_id: done.id, rating }, { ip: nextIp() });
    expect((await rate(s.session_token, 1)).status).toBe(200);
    const down = await rate(s.session_token, -1);
    expect(down.status).toBe(200);
    expect(await down.json()).toEqual({ message_id: done.id, rating: -1 });
    const refused = await rate(other.session_token, 1);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBeTruthy();
    expect((await rate(s.session_token, 3)).status).toBe(400);
    const rows = await sql<{ rating: number }>('select rating from public.answer_feedback where message_id = $1', [done.id]);
    expect(rows).toEqual([{ rating: -1 }]);
  });
});
