import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { launchBrowser } from '@/scripts/test/browser';
import { appUrl } from '../helpers/app';
import { screenshot } from '../helpers/browser';
import { deferEarlierMail, linkIn, mailTo, runSender } from '../helpers/mail';
import { sendReply } from '../helpers/reply';
import { ACME, USERS } from '../helpers/seed';
import { config, keys, sql, userClient } from '../helpers/stack';
import { deleteConversation } from '../dashboard/cleanup';

/**
 * Issue 18's email in real Chromium: a visitor asks for a person and leaves; an agent replies on
 * the ticket page; the reply reaches the visitor's inbox (MailDev) exactly once, and its link,
 * opened in the visitor's browser on the site that carries the widget, reopens the conversation
 * with the reply in it. The demo page stands in for acme.com: same widget, same website key.
 */
const KEY = 'wk_acme_main';
const email = `rae.${randomUUID().slice(0, 8)}@example.com`;
let app: string;
let browser: Browser;
let visitorContext: BrowserContext;
let agent: Page;
let ref = '';
let conversationId = '';
const pageErrors: string[] = [];

beforeAll(async () => {
  await deferEarlierMail();
  app = await appUrl();
  const admin = await userClient(USERS.acmeOwner, { id: ACME.id, slug: ACME.slug, role: 'owner' });
  const { data: site } = await admin.from('websites').select('id, allowed_origins').eq('public_key', KEY).single().throwOnError();
  const origin = new URL(app).origin;
  if (!site.allowed_origins.includes(origin)) {
    await admin
      .from('websites')
      .update({ allowed_origins: [...site.allowed_origins, origin] })
      .eq('id', site.id)
      .throwOnError();
  }
  browser = await launchBrowser();
  visitorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  visitorContext.setDefaultTimeout(60_000);
  const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  agentContext.setDefaultTimeout(60_000);
  const cookie = await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, USERS.acmeAgent);
  await agentContext.addCookies([{ name: SESSION_COOKIE, value: cookie, url: app, httpOnly: true, sameSite: 'Lax' }]);
  agent = await agentContext.newPage();
  agent.on('pageerror', (error) => pageErrors.push(error.message));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (conversationId) await deleteConversation(conversationId);
});

describe('an agent’s reply to a visitor who left', { timeout: 120_000 }, () => {
  it('the visitor asks for a person, leaving an email, and closes the page', async () => {
    const visitor = await visitorContext.newPage();
    visitor.on('pageerror', (error) => pageErrors.push(error.message));
    await visitor.goto(`${app}/demo/acme`);
    await visitor.getByRole('button', { name: /^Open chat/ }).click();
    await visitor.getByRole('dialog').getByRole('button', { name: 'Talk to a human' }).first().click();
    await visitor.getByRole('textbox', { name: 'Email (required)' }).fill(email);
    await visitor.getByRole('button', { name: 'Request a human' }).click();
    const banner = visitor.getByText(/^Ticket ACM-\d{3,} created/);
    await banner.waitFor();
    ref = /ACM-\d{3,}/.exec((await banner.textContent()) ?? '')![0];
    const [row] = await sql<{ conversation_id: string }>('select conversation_id from public.tickets where ref = $1 and organization_id = $2', [
      ref,
      ACME.id,
    ]);
    conversationId = row!.conversation_id;
    await visitor.close();
  });

  it('the agent replies on the ticket page', async () => {
    await agent.goto(`${app}/dashboard/acme/tickets/${ref}`);
    await sendReply(agent, 'Hi Rae, Alan here. Your parcel left yesterday.');
  });

  it('the reply arrives by email once, however often the sender runs', async () => {
    // the widget's last poll, minutes ago: the visitor has left (the sender waits for that); set
    // here, long after the page closed, so no poll still on its way when it closed can undo it
    await sql(`update public.visitor_sessions set last_seen_at = now() - interval '10 minutes' where conversation_id = $1`, [conversationId]);
    // the reply waits a few minutes for the visitor to come back; this visitor will not
    await sql(`update public.email_outbox set not_before = now() where kind = 'agent_reply' and payload ->> 'conversation_id' = $1`, [
      conversationId,
    ]);
    await runSender();
    await runSender();
    const mails = await mailTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Acme Corp replied to your question');
    expect(mails[0]!.text).toContain('Your parcel left yesterday.');
    expect(linkIn(mails[0]!, 'https://acme.com/#concierge-open')).toBeDefined();
  });

  it('its link reopens the conversation in the widget, with the reply', async () => {
    const [mail] = await mailTo(email);
    const link = new URL(linkIn(mail!, 'https://acme.com/')!);
    // the same path and fragment on the page that stands in for acme.com, in the visitor's browser
    const visitor = await visitorContext.newPage();
    visitor.on('pageerror', (error) => pageErrors.push(error.message));
    await visitor.goto(`${app}/demo/acme${link.pathname === '/' ? '' : link.pathname}${link.hash}`);
    const dialog = visitor.getByRole('dialog', { name: /^Chat with/ });
    await dialog.waitFor();
    await visitor.getByRole('log').locator('.row.agent').filter({ hasText: 'Your parcel left yesterday.' }).waitFor({ timeout: 30_000 });
    await screenshot(visitor, 'email-reply-reopened');
  });

  it('raised no uncaught errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
