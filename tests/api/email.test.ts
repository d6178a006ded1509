import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeResend, type FakeResend } from '@/scripts/test/fake-resend';
import { startFunctionsRuntime } from '../helpers/functions-runtime';
import { deferEarlierMail, headerOf, linkIn, mailTo, runSender } from '../helpers/mail';
import { ACME } from '../helpers/seed';
import { config, sql, userClient } from '../helpers/stack';
import { nextIp, post, startSession } from '../helpers/widget';

/**
 * Email through the outbox: each kind arrives in the stack's MailDev (read through its REST API)
 * with an HTML and a plain-text part, the organization's name and an unsubscribe link; retries
 * never send twice; unsubscribes are honoured.
 */
const appUrl = process.env.APP_URL ?? '';
const acme = { id: ACME.id, slug: ACME.slug };
const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.com`;

/** A widget visitor who left an email and escalated: the conversation the team answers. */
async function escalatedVisitor(email: string) {
  const s = await startSession('wk_acme_main', 'https://acme.com');
  const res = await post('escalate', { session_token: s.session_token, email, name: 'Robin Visitor', reason: 'visitor_request' }, { ip: nextIp() });
  expect(res.status).toBe(200);
  return s;
}

async function agentReply(conversationId: string, body: string, internal = false) {
  const agent = await userClient('user_acme_agent', acme);
  const { error } = await agent.from('messages').insert({
    organization_id: ACME.id,
    conversation_id: conversationId,
    sender_type: 'agent',
    body,
    is_internal: internal,
    client_msg_id: randomUUID(),
  });
  expect(error).toBeNull();
}

/** The visitor closed the page long enough ago, and the reply's delay has passed. */
async function visitorLeft(conversationId: string) {
  await sql(`update public.visitor_sessions set last_seen_at = now() - interval '10 minutes' where conversation_id = $1`, [conversationId]);
  await sql(`update public.email_outbox set not_before = now() where kind = 'agent_reply' and payload ->> 'conversation_id' = $1`, [conversationId]);
}

const outbox = (recipient: string) =>
  sql<{ kind: string; status: string; attempts: number; last_error: string | null }>(
    'select kind::text, status::text, attempts, last_error from public.email_outbox where recipient = $1 order by created_at',
    [recipient],
  );

beforeAll(deferEarlierMail);

describe('email', () => {
  it('an invitation arrives with the accept link, the organization name and a plain-text part', async () => {
    const email = unique('invitee');
    const admin = await userClient('user_acme_admin', acme);
    const { data, error } = await admin
      .from('invitations')
      .insert({ organization_id: ACME.id, email, role: 'agent', invited_by: 'user_acme_admin' })
      .select('id')
      .single();
    expect(error).toBeNull();
    expect((await runSender()).transport).toBe('smtp');
    const [mail, ...more] = await mailTo(email);
    expect(more).toHaveLength(0);
    expect(mail!.subject).toBe("You're invited to join Acme Corp on Concierge");
    expect(linkIn(mail!, `${appUrl}/dashboard?invitation=`)).toBe(`${appUrl}/dashboard?invitation=${data!.id}`);
    expect(mail!.text).toContain('Acme Corp');
    expect(mail!.text).toContain(`${appUrl}/dashboard?invitation=${data!.id}`);
    expect(mail!.headers['message-id']).toMatch(/^<[0-9a-f-]{36}@concierge\.localhost>$/);
    expect(await headerOf(mail!, 'List-Unsubscribe')).toMatch(/^<http:\/\/.+\/functions\/v1\/email-unsubscribe\?token=[\w-]+\.[\w-]+>$/);
    expect(await headerOf(mail!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(linkIn(mail!, `${appUrl}/unsubscribe?token=`)).toBeDefined();
    expect(await outbox(email)).toEqual([{ kind: 'invitation', status: 'sent', attempts: 1, last_error: null }]);
  });

  it('a new escalation emails the agents who want it, not a viewer nor a member who opted out', async () => {
    const visitor = unique('escalating');
    const owner = await userClient('user_acme_owner', acme);
    const { error } = await owner
      .from('notification_preferences')
      .insert({ organization_id: ACME.id, user_id: 'user_acme_owner', escalation_emails: false });
    expect(error).toBeNull();
    try {
      const s = await escalatedVisitor(visitor);
      const rows = await sql<{ recipient: string }>(
        `select recipient from public.email_outbox where kind = 'escalation' and payload ->> 'conversation_id' = $1 order by recipient`,
        [s.conversation_id],
      );
      const [agentEmail] = await sql<{ email: string }>(`select email from public.users where id = 'user_acme_agent'`);
      const [ownerEmail] = await sql<{ email: string }>(`select email from public.users where id = 'user_acme_owner'`);
      const [viewerEmail] = await sql<{ email: string }>(`select email from public.users where id = 'user_acme_viewer'`);
      const recipients = rows.map((r) => r.recipient);
      expect(recipients).toContain(agentEmail!.email.toLowerCase());
      expect(recipients).not.toContain(ownerEmail!.email.toLowerCase());
      expect(recipients).not.toContain(viewerEmail!.email.toLowerCase());
      await runSender();
      const mail = (await mailTo(agentEmail!.email)).find((m) => m.subject.includes(visitor) || m.html.includes(s.conversation_id));
      expect(mail?.subject).toMatch(/^\[Acme Corp\] ACM-\d+: /);
      expect(linkIn(mail!, `${appUrl}/dashboard/acme/conversations/${s.conversation_id}`)).toBeDefined();
    } finally {
      await owner.from('notification_preferences').delete().eq('user_id', 'user_acme_owner');
    }
  });

  it('an agent reply reaches a visitor who left, with a link back to the widget; not one still on the page', async () => {
    const gone = unique('gone');
    const s = await escalatedVisitor(gone);
    await agentReply(s.conversation_id, 'Internal: check the order first', true);
    await agentReply(s.conversation_id, 'Hi Robin, your order ships tomorrow.');
    await agentReply(s.conversation_id, 'Anything else I can help with?');
    // not yet: the reply waits for the visitor to be gone
    await runSender();
    expect(await mailTo(gone)).toHaveLength(0);
    await visitorLeft(s.conversation_id);
    await runSender();
    const [mail, ...more] = await mailTo(gone);
    expect(more).toHaveLength(0);
    expect(mail!.subject).toBe('Acme Corp replied to your question');
    expect(mail!.text).toContain('your order ships tomorrow');
    expect(mail!.text).toContain('Anything else I can help with?');
    expect(mail!.text).not.toContain('Internal: check the order first');
    expect(linkIn(mail!, 'https://acme.com/#concierge-open')).toBeDefined();

    const present = unique('present');
    const p = await escalatedVisitor(present);
    await agentReply(p.conversation_id, 'Are you still there?');
    await sql(`update public.email_outbox set not_before = now() where kind = 'agent_reply' and payload ->> 'conversation_id' = $1`, [
      p.conversation_id,
    ]);
    await runSender();
    expect(await mailTo(present)).toHaveLength(0);
    expect(await outbox(present)).toContainEqual({ kind: 'agent_reply', status: 'skipped', attempts: 0, last_error: 'visitor on the page' });
  });

  it('a visitor gets the transcript on request, once per state of the conversation, only to their own address', async () => {
    const anonymous = await startSession('wk_acme_main', 'https://acme.com');
    const refused = await post('widget-transcript', { session_token: anonymous.session_token }, { ip: nextIp() });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ error: { code: 'email_required', message: 'Leave your email first' } });

    const email = unique('transcript');
    const s = await escalatedVisitor(email);
    await agentReply(s.conversation_id, 'Here is what you asked for.');
    for (let i = 0; i < 2; i++) {
      const res = await post('widget-transcript', { session_token: s.session_token }, { ip: nextIp() });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ email });
    }
    await runSender();
    const transcripts = (await mailTo(email)).filter((m) => m.subject === 'Your conversation with Acme Corp');
    expect(transcripts).toHaveLength(1);
    expect(transcripts[0]!.text).toContain('Here is what you asked for.');
  });

  it('an unsubscribe link stops that kind of email to that address; a forged one is refused', async () => {
    const email = unique('unsub');
    await sql(`select private.enqueue_email($1, 'transcript', $2, $3, '{}')`, [ACME.id, `test:${email}:1`, email]);
    await runSender();
    const [mail] = await mailTo(email);
    const oneClick = /<([^>]+)>/.exec((await headerOf(mail!, 'List-Unsubscribe')) ?? '')![1]!;
    const token = new URL(oneClick).searchParams.get('token')!;

    const forged = await fetch(`${config.apiUrl}/functions/v1/email-unsubscribe`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA') }),
    });
    expect(forged.status).toBe(400);
    expect((await forged.json()).error.code).toBe('invalid_token');

    // RFC 8058 one-click, as a mail client sends it
    const res = await fetch(oneClick, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ unsubscribed: true, kind: 'transcript' });

    await sql(`select private.enqueue_email($1, 'transcript', $2, $3, '{}')`, [ACME.id, `test:${email}:2`, email]);
    await runSender();
    expect(await mailTo(email)).toHaveLength(1);
    expect((await outbox(email)).map((r) => `${r.status}/${r.last_error ?? ''}`)).toEqual(['sent/', 'skipped/unsubscribed']);
  });

  describe('through Resend (a fake speaking its API), under failures', () => {
    let fake: FakeResend;
    let runtime: Awaited<ReturnType<typeof startFunctionsRuntime>>;
    beforeAll(async () => {
      fake = await startFakeResend({ host: config.host, port: config.ports.mailSmtp });
      runtime = await startFunctionsRuntime({ EMAIL_TRANSPORT: 'resend', RESEND_API_URL: fake.baseUrl, RESEND_API_KEY: fake.apiKey });
    }, 90_000);
    afterAll(async () => {
      await runtime?.stop();
      await fake?.close();
    });

    it('delivers each email exactly once when the provider fails and answers are lost mid-batch', async () => {
      // nothing else falls due meanwhile, so the batches are exactly these five
      await sql(`update public.email_outbox set not_before = now() + interval '1 day' where status = 'pending'`);
      const recipients = Array.from({ length: 5 }, (_, i) => unique(`retry${i}`));
      for (const r of recipients) await sql(`select private.enqueue_email($1, 'transcript', $2, $3, '{}')`, [ACME.id, `test:${r}`, r]);
      const start = fake.requests.length;
      fake.failBefore.add(start + 2);
      fake.failAfter.add(start + 4);

      const first = await runSender(runtime.url);
      expect(first).toEqual({ transport: 'resend', sent: 3, retried: 2, failed: 0 });
      // the lost answer's email went out once already; its row waits to be retried
      const rows = await sql<{ status: string }>(`select status::text from public.email_outbox where recipient = any($1)`, [recipients]);
      expect(rows.filter((r) => r.status === 'pending')).toHaveLength(2);

      // the backoff has passed; two senders run at once
      await sql(`update public.email_outbox set not_before = now() where recipient = any($1) and status = 'pending'`, [recipients]);
      const again = await Promise.all([runSender(runtime.url), runSender(runtime.url)]);
      expect(again.reduce((n, r) => n + r.sent, 0)).toBe(2);
      expect((await runSender(runtime.url)).sent).toBe(0);

      for (const r of recipients) expect(await mailTo(r), r).toHaveLength(1);
      expect([...fake.delivered.values()].every((n) => n === 1)).toBe(true);
      const final = await sql<{ status: string; attempts: number }>(
        `select status::text, attempts from public.email_outbox where recipient = any($1) order by attempts`,
        [recipients],
      );
      expect(final.map((r) => `${r.status}/${r.attempts}`)).toEqual(['sent/1', 'sent/1', 'sent/1', 'sent/2', 'sent/2']);
      // seven requests for five emails: each retry carried its row's Idempotency-Key, and the one
      // whose answer was lost was answered from Resend's memory instead of being sent again
      const keys = fake.requests.slice(start).map((r) => r.idempotencyKey);
      expect(keys).toHaveLength(7);
      expect(new Set(keys).size).toBe(5);
      expect(fake.delivered.size).toBe(5);
    });
  });
});
