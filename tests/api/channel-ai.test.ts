import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChannel, messengerPayload, newPlatformId, signFacebook } from '../helpers/channels';
import { type FakeChannels, startFakeChannels } from '../helpers/fake-channels';
import { startFunctionsRuntime } from '../helpers/functions-runtime';
import { ACME, USERS } from '../helpers/seed';
import { keys, sql, userClient } from '../helpers/stack';

/**
 * The AI concierge on Messenger, through the real facebook-webhook and channel-sender against the
 * fake Graph API: with "AI answers" on for a page, an answerable question gets the assistant's reply
 * from Acme's articles sent to the customer; an unanswerable one is handed to the team (a ticket
 * with the reason, waiting_for_agent) and the customer is told a person will answer; with it off
 * nothing is answered; a redelivered webhook is answered once.
 */
let fake: FakeChannels;
let runtime: Awaited<ReturnType<typeof startFunctionsRuntime>>;
const aiPage = newPlatformId();
const offPage = newPlatformId();

beforeAll(async () => {
  fake = await startFakeChannels();
  fake.validTokens.add('EAAB-ai');
  fake.validTokens.add('EAAB-off');
  runtime = await startFunctionsRuntime({ FACEBOOK_GRAPH_URL: fake.graphUrl });
  const ai = await connectChannel({
    organizationId: ACME.id,
    userId: USERS.acmeOwner,
    platform: 'facebook',
    externalId: aiPage,
    accessToken: 'EAAB-ai',
  });
  await sql('update public.integrations set ai_enabled = true where id = $1', [ai]);
  await connectChannel({ organizationId: ACME.id, userId: USERS.acmeOwner, platform: 'facebook', externalId: offPage, accessToken: 'EAAB-off' });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  await fake?.close();
});

async function deliver(page: string, psid: string, mid: string, text: string) {
  const body = JSON.stringify(messengerPayload(page, { sender: { id: psid }, message: { mid, text } }));
  const res = await fetch(`${runtime.url}/facebook-webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signFacebook(body) },
    body,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { stored: number; duplicates: number };
}

async function conversation(page: string, psid: string) {
  const [row] = await sql<{ id: string; state: string }>(
    `select c.id, c.state::text as state from public.conversations c join public.integrations i on i.id = c.integration_id
     where i.external_id = $1 and c.external_customer_id = $2`,
    [page, psid],
  );
  return row!;
}

async function aiReplies(page: string, psid: string) {
  return sql<{ body: string; metadata: { sources: { title: string }[]; escalation_reason?: string } }>(
    `select m.body, m.metadata from public.messages m join public.conversations c on c.id = m.conversation_id
     join public.integrations i on i.id = c.integration_id
     where i.external_id = $1 and c.external_customer_id = $2 and m.sender_type = 'ai' order by m.created_at`,
    [page, psid],
  );
}

/** The assistant answers after the webhook's 200: polls until its reply is stored. */
async function answered(page: string, psid: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const replies = await aiReplies(page, psid);
    if (replies.length > 0) return replies;
    if (Date.now() > deadline) throw new Error(`no AI reply for ${psid}; see ${runtime.logs}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function sentTo(psid: string) {
  const res = await fetch(`${runtime.url}/channel-sender`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${keys.cronSecret}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  return fake.graphRequests
    .filter((r) => (r.body.recipient as { id?: string } | undefined)?.id === psid)
    .map((r) => r.body.message as { text: string });
}

describe('the AI concierge on Messenger', () => {
  it("answers a question from the organization's articles and sends the answer through the Send API", async () => {
    const psid = `PSID-${randomUUID()}`;
    expect(await deliver(aiPage, psid, `m_${randomUUID()}`, 'How do I reset my password?')).toMatchObject({ stored: 1 });
    const [answer] = await answered(aiPage, psid);
    expect(answer!.metadata.sources.map((s) => s.title)).toContain('How to reset your password');
    expect(answer!.metadata.escalation_reason).toBeUndefined();
    expect((await conversation(aiPage, psid)).state).toBe('bot');
    expect(await sentTo(psid)).toEqual([{ text: answer!.body }]);
  });

  it('hands a question it cannot answer to the team with a ticket, and tells the customer a person will reply', async () => {
    const psid = `PSID-${randomUUID()}`;
    await deliver(aiPage, psid, `m_${randomUUID()}`, 'Can my llama ride the submarine to Jupiter?');
    const [answer] = await answered(aiPage, psid);
    expect(answer!.metadata.escalation_reason).toBe('low_confidence');
    expect(answer!.body).toContain('a person from our team: they will reply here');
    const conv = await conversation(aiPage, psid);
    expect(conv.state).toBe('waiting_for_agent');
    // the team sees it: an Acme agent reads the ticket and the waiting conversation through RLS
    const agent = await userClient(USERS.acmeAgent, ACME);
    const ticket = await agent.from('tickets').select('subject, ai_context').eq('conversation_id', conv.id).single();
    expect(ticket.error).toBeNull();
    expect(ticket.data).toMatchObject({ subject: 'Can my llama ride the submarine to Jupiter?', ai_context: { reason: 'low_confidence' } });
    const seen = await agent.from('conversations').select('state').eq('id', conv.id).single();
    expect(seen.data).toEqual({ state: 'waiting_for_agent' });
    expect(await sentTo(psid)).toEqual([{ text: answer!.body }]);
  });

  it('hands over at once, with the reason visitor_request, a customer who asks for a person', async () => {
    const psid = `PSID-${randomUUID()}`;
    await deliver(aiPage, psid, `m_${randomUUID()}`, 'I want to talk to a real person please');
    const [answer] = await answered(aiPage, psid);
    expect(answer!.metadata.escalation_reason).toBe('visitor_request');
    expect(answer!.body).not.toContain('Talk to a human');
    const [ticket] = await sql<{ reason: string }>("select ai_context ->> 'reason' as reason from public.tickets where conversation_id = $1", [
      (await conversation(aiPage, psid)).id,
    ]);
    expect(ticket).toEqual({ reason: 'visitor_request' });
    expect((await conversation(aiPage, psid)).state).toBe('waiting_for_agent');
  });

  it('answers nothing on a page with AI answers off: the message waits for the team', async () => {
    const psid = `PSID-${randomUUID()}`;
    expect(await deliver(offPage, psid, `m_${randomUUID()}`, 'How do I reset my password?')).toMatchObject({ stored: 1 });
    expect((await conversation(offPage, psid)).state).toBe('waiting_for_agent');
    expect(await aiReplies(offPage, psid)).toEqual([]);
    expect(await sentTo(psid)).toEqual([]);
  });

  it('answers a redelivered message once', async () => {
    const psid = `PSID-${randomUUID()}`;
    const mid = `m_${randomUUID()}`;
    expect(await deliver(aiPage, psid, mid, 'How do I reset my password?')).toMatchObject({ stored: 1 });
    await answered(aiPage, psid);
    expect(await deliver(aiPage, psid, mid, 'How do I reset my password?')).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await sentTo(psid)).toHaveLength(1);
    expect(await aiReplies(aiPage, psid)).toHaveLength(1);
  });
});
