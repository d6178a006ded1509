import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl } from '../helpers/app';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { launchBrowser } from '@/scripts/test/browser';
import { screenshot, waitForHydration } from '../helpers/browser';
import { sendReply } from '../helpers/reply';
import { ACME, USERS } from '../helpers/seed';
import { config, keys, sql, userClient } from '../helpers/stack';
import { deleteConversation } from '../dashboard/cleanup';

/**
 * The whole hand-over (issue 11) in real Chromium: a visitor asks the assistant on Acme's demo
 * site and asks for a person; an agent answers on the ticket page; the visitor's answer gets no
 * bot reply and the ticket shows "Needs reply"; the agent resolves; the visitor writes again and
 * the same ticket reopens, back in the queue.
 */
const KEY = 'wk_acme_main';
let app: string;
let browser: Browser;
let visitor: Page;
let agent: Page;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let ref = '';
let conversationId = '';

const log = () => visitor.getByRole('log');
const composer = () => visitor.getByRole('textbox', { name: 'Message', exact: true });
const aiRows = () => log().locator('.row.ai');
const stateBadge = () => agent.getByTestId('conversation-state');

async function send(text: string) {
  await composer().fill(text);
  await composer().press('Enter');
  // stored: the bubble loses its pending state once the function confirms it
  await log().locator('.row.visitor.sent').filter({ hasText: text }).waitFor({ timeout: 45_000 });
}

async function newPage(visitorSite: boolean): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  context.setDefaultTimeout(60_000);
  // the customer's page: next dev's live-reload socket stays unanswered, so it never reloads
  // (the dashboard needs that socket in next dev to load its client code and hydrate)
  if (visitorSite) await context.routeWebSocket(/\/_next\/(webpack-)?hmr/, () => undefined);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

beforeAll(async () => {
  app = await appUrl();
  // the test app's origin is not one of Acme's allowed origins: an Acme admin adds it
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
  const cookie = `${SESSION_COOKIE}=${await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, USERS.acmeAgent)}`;
  // next dev compiles each route on its first request: do that here, under the hook's longer timeout
  await Promise.all([
    ...['/demo/acme', '/widget.js'].map((route) => fetch(`${app}${route}`).then((r) => r.text())),
    fetch(`${app}/dashboard/acme/tickets/ACM-001`, { headers: { cookie } }).then((r) => r.text()),
  ]);
  browser = await launchBrowser();
  [visitor, agent] = await Promise.all([newPage(true), newPage(false)]);
  await agent
    .context()
    .addCookies([{ name: SESSION_COOKIE, value: cookie.slice(SESSION_COOKIE.length + 1), url: app, httpOnly: true, sameSite: 'Lax' }]);
  await visitor.goto(`${app}/demo/acme`, { timeout: 240_000 });
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  if (conversationId) await deleteConversation(conversationId);
});

// Generous limits: the widget, next dev and the functions share two CPU cores with other work.
describe('the hand-over from the assistant to a person and back', { timeout: 120_000 }, () => {
  it('the visitor asks the assistant, then asks for a person', async () => {
    await visitor.getByRole('button', { name: /^Open chat/ }).click();
    await composer().fill('How long does shipping take?');
    await composer().press('Enter');
    await aiRows().filter({ hasText: 'Sources: Shipping times and tracking' }).waitFor({ timeout: 60_000 });

    await visitor.getByRole('dialog').getByRole('button', { name: 'Talk to a human' }).first().click();
    await visitor.getByRole('textbox', { name: 'Email (required)' }).fill('rae.handover@example.com');
    await visitor.getByRole('button', { name: 'Request a human' }).click();
    const banner = visitor.getByText(/^Ticket ACM-\d{3,} created/);
    await banner.waitFor();
    ref = /ACM-\d{3,}/.exec((await banner.textContent()) ?? '')![0];
    const [row] = await sql<{ conversation_id: string; subject: string }>(
      'select conversation_id, subject from public.tickets where ref = $1 and organization_id = $2',
      [ref, ACME.id],
    );
    conversationId = row!.conversation_id;
    expect(row!.subject).toBe('How long does shipping take?');
  });

  it('the agent sees the ticket waiting for a person and replies', async () => {
    await agent.goto(`${app}/dashboard/acme/tickets/${ref}`);
    await expect.poll(() => stateBadge().innerText()).toMatch(/waiting for a person/i);
    await agent.getByText('The customer asked for a person').waitFor();
    await sendReply(agent, 'Hi Rae, Alan here. Your parcel left yesterday.');
    await expect.poll(() => stateBadge().innerText(), { timeout: 30_000 }).toMatch(/waiting on the customer/i);

    await log().locator('.row.agent').filter({ hasText: 'Your parcel left yesterday.' }).waitFor({ timeout: 30_000 });
  });

  it("the visitor's answer gets no bot reply, and the ticket shows it needs a reply", async () => {
    const before = await aiRows().count();
    await send('Thanks! Can you send me the tracking link?');
    await log().getByText('The team has this conversation; they will reply here.').waitFor({ timeout: 30_000 });
    expect(await aiRows().count()).toBe(before);
    const [ai] = await sql<{ n: number }>("select count(*)::int as n from public.messages where conversation_id = $1 and sender_type = 'ai'", [
      conversationId,
    ]);
    expect(ai!.n).toBe(1);
    await screenshot(visitor, 'handover-widget-team');

    // the ticket page refreshes itself
    await expect.poll(() => stateBadge().innerText(), { timeout: 30_000 }).toMatch(/needs reply/i);
    await agent.getByTestId('message-visitor').filter({ hasText: 'tracking link' }).waitFor();
    await screenshot(agent, 'handover-ticket-needs-reply');
  });

  it('the agent resolves; the visitor sees it', async () => {
    await waitForHydration(agent, 'form[aria-label="Resolve ticket"]');
    await agent.getByRole('button', { name: 'Resolve ticket' }).click();
    await agent.getByTestId('resolution').waitFor();
    await expect.poll(() => stateBadge().innerText(), { timeout: 30_000 }).toMatch(/resolved/i);
    await agent.getByTestId('transition-line').filter({ hasText: 'Resolved by Alan' }).waitFor();
    await log().getByText('The conversation was marked as resolved').waitFor({ timeout: 30_000 });
  });

  it('the visitor writes again: the same ticket reopens and is back in the queue', async () => {
    const before = await aiRows().count();
    await send('Sorry, the tracking link does not work');
    await log().getByText('The conversation was reopened').waitFor({ timeout: 30_000 });
    expect(await aiRows().count()).toBe(before);

    await expect.poll(() => stateBadge().innerText(), { timeout: 30_000 }).toMatch(/needs reply/i);
    await agent.getByTestId('transition-line').filter({ hasText: 'Reopened by the customer' }).waitFor();
    // the ticket and its conversation are read in two statements, so one refresh may straddle the reopen
    await expect.poll(() => agent.getByTestId('resolution').count(), { timeout: 30_000 }).toBe(0);
    const [row] = await sql<{ status: string; state: string; waiting: boolean; tickets: number }>(
      `select t.status, c.state, c.waiting_since is not null as waiting,
              (select count(*)::int from public.tickets where conversation_id = c.id) as tickets
         from public.conversations c join public.tickets t on t.conversation_id = c.id where c.id = $1`,
      [conversationId],
    );
    expect(row).toEqual({ status: 'open', state: 'needs_reply', waiting: true, tickets: 1 });
    await screenshot(agent, 'handover-ticket-reopened');
  });

  it('raised no uncaught errors on either page', () => {
    expect(pageErrors).toEqual([]);
  });
});
