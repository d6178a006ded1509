import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { deferEarlierMail, mailTo, runSender } from '../helpers/mail';
import { ACME } from '../helpers/seed';
import { keys, sql, userClient } from '../helpers/stack';
import { functionsUrl, nextIp, post, startSession } from '../helpers/widget';

/**
 * CSAT by email: resolving a widget conversation whose visitor left an address sends a rating
 * request (MailDev) with five score links to the app's /rate page; their signed token lets the
 * email-rate function rate that one resolution once, shares the widget's rule, and a forged,
 * expired or reopened link rates nothing.
 */
/** where the links point (the app's URL in the functions' environment) */
const linkBase = process.env.APP_URL ?? '';
const acme = { id: ACME.id, slug: ACME.slug, role: 'agent' as const };
const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.com`;

async function resolvedVisitor(email: string) {
  const s = await startSession('wk_acme_main', 'https://acme.com');
  const res = await post('escalate', { session_token: s.session_token, email, name: 'Robin Rater', reason: 'visitor_request' }, { ip: nextIp() });
  expect(res.status).toBe(200);
  const agent = await userClient('user_acme_agent', acme);
  await agent.rpc('resolve_conversation', { p_conversation_id: s.conversation_id }).throwOnError();
  return s;
}

/** The request's delay has passed: the sender takes it now. */
async function requestDue(conversationId: string) {
  await sql(`update public.email_outbox set not_before = now() where kind = 'csat_request' and payload ->> 'conversation_id' = $1`, [conversationId]);
}

const rate = (body: object) =>
  fetch(`${functionsUrl}/email-rate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(deferEarlierMail);

describe('CSAT by email', () => {
  it('a resolved visitor gets five score links; the link rates that resolution once', async () => {
    const address = unique('rater');
    const s = await resolvedVisitor(address);
    // not before the delay (a visitor still on the page rates in the widget)
    await runSender();
    expect(await mailTo(address)).toHaveLength(0);
    await requestDue(s.conversation_id);
    await runSender();
    const mails = (await mailTo(address)).filter((m) => m.subject === 'How did Acme Corp do?');
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    const hrefs = [...mail.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')).filter((h) => h.includes('/rate/'));
    expect(hrefs).toHaveLength(5);
    for (const [i, href] of hrefs.entries()) expect(href).toMatch(new RegExp(`^${linkBase}/rate/[\\w-]+\\.[\\w-]+\\.[\\w-]+\\?score=${i + 1}$`));
    expect(mail.text).toContain('5 – Excellent');
    expect(mail.text).toContain(`${hrefs[3]}`);
    const token = new URL(hrefs[3]!).pathname.split('/').pop()!;

    const check = await rate({ token });
    expect(check.status).toBe(200);
    expect(await check.json()).toEqual({ status: 'due', rating: null });
    expect((await rate({ token, rating: 6 })).status).toBe(400);

    const first = await rate({ token, rating: 4, comment: '  Clear answer  ' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: 'rated', rating: 4 });
    const again = await rate({ token, rating: 1 });
    expect(await again.json()).toEqual({ status: 'already_rated', rating: 4 });
    const rows = await sql<{ rating: number; comment: string | null; agent_id: string | null }>(
      'select rating, comment, agent_id from public.csat_ratings where conversation_id = $1',
      [s.conversation_id],
    );
    expect(rows).toEqual([{ rating: 4, comment: 'Clear answer', agent_id: null }]);

    // the widget shares the rule
    const widget = await post('widget-rate', { session_token: s.session_token, csat: 2 }, { ip: nextIp() });
    expect(widget.status).toBe(409);
  });

  it('a rating given in the widget first makes the sender skip the email', async () => {
    const address = unique('widget-first');
    const s = await resolvedVisitor(address);
    expect((await post('widget-rate', { session_token: s.session_token, csat: 5 }, { ip: nextIp() })).status).toBe(200);
    await requestDue(s.conversation_id);
    await runSender();
    expect(await mailTo(address)).toHaveLength(0);
    const [row] = await sql<{ status: string; last_error: string }>(
      `select status::text, last_error from public.email_outbox where kind = 'csat_request' and recipient = $1`,
      [address],
    );
    expect(row).toEqual({ status: 'skipped', last_error: 'already rated' });
  });

  it("a forged, expired or other-audience token rates nothing; a reopened conversation's link is told so", async () => {
    const s = await resolvedVisitor(unique('forged'));
    const [resolution] = await sql<{ id: string }>(
      `select id from public.conversation_transitions where conversation_id = $1 and to_state = 'resolved'`,
      [s.conversation_id],
    );
    const secret = new TextEncoder().encode(`${keys.cronSecret}:email-links`);
    const sign = (claims: object, aud: string, exp: number, key = secret) =>
      new SignJWT({ o: ACME.id, r: resolution!.id, ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .setAudience(aud)
        .setExpirationTime(exp)
        .sign(key);
    const now = Math.floor(Date.now() / 1000);

    const expired = await rate({ token: await sign({}, 'concierge:csat', now - 60), rating: 5 });
    expect(expired.status).toBe(400);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('expired_token');
    for (const token of [
      await sign({}, 'concierge:csat', now + 600, new TextEncoder().encode('not-the-secret')),
      await sign({}, 'someone-else', now + 600),
      'a.b.c',
    ]) {
      const res = await rate({ token, rating: 5 });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
    }
    expect(await sql('select 1 from public.csat_ratings where conversation_id = $1', [s.conversation_id])).toHaveLength(0);

    const good = await sign({}, 'concierge:csat', now + 600);
    await sql(`update public.conversations set state = 'needs_reply' where id = $1`, [s.conversation_id]);
    expect(await (await rate({ token: good, rating: 5 })).json()).toEqual({ status: 'reopened', rating: null });
    expect(await sql('select 1 from public.csat_ratings where conversation_id = $1', [s.conversation_id])).toHaveLength(0);
  });
});

describe('Markdown in emails', () => {
  it("an agent's Markdown reply arrives as safe HTML and readable plain text", async () => {
    const to = unique('markdown');
    const s = await startSession('wk_acme_main', 'https://acme.com');
    const res = await post(
      'escalate',
      { session_token: s.session_token, email: to, name: 'Robin Reader', reason: 'visitor_request' },
      { ip: nextIp() },
    );
    expect(res.status).toBe(200);
    const agent = await userClient('user_acme_agent', acme);
    await agent
      .from('messages')
      .insert({
        organization_id: ACME.id,
        conversation_id: s.conversation_id,
        sender_type: 'agent',
        body: 'Your order is **on its way**:\n\n- track it [here](https://acme.com/track)\n- <b>raw</b> stays text',
        client_msg_id: randomUUID(),
      })
      .throwOnError();
    // the visitor left and the reply's delay has passed
    await sql(`update public.visitor_sessions set last_seen_at = now() - interval '10 minutes' where conversation_id = $1`, [s.conversation_id]);
    await sql(`update public.email_outbox set not_before = now() where kind = 'agent_reply' and payload ->> 'conversation_id' = $1`, [
      s.conversation_id,
    ]);
    await runSender();
    const [mail] = await mailTo(to);
    expect(mail!.html).toContain('<strong>on its way</strong>');
    expect(mail!.html).toContain('<a href="https://acme.com/track" target="_blank" rel="noopener nofollow">here</a>');
    expect(mail!.html).toContain('&lt;b&gt;raw&lt;/b&gt; stays text');
    expect(mail!.html).not.toContain('<b>raw</b>');
    expect(mail!.text).toContain('on its way');
    expect(mail!.text).not.toContain('**');
    expect(mail!.text).toContain('https://acme.com/track');
  });
});
