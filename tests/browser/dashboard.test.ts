import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl } from '../helpers/app';
import { localUserIdForEmail } from '@/lib/auth/local-users';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { launchBrowser } from '@/scripts/test/browser';
import { hydrated, screenshot } from '../helpers/browser';
import { sendReply } from '../helpers/reply';
import { ACME, USERS } from '../helpers/seed';
import { anonClient, config, keys, userClient } from '../helpers/stack';
import { deleteConversation, deleteUsers } from '../dashboard/cleanup';

/**
 * The team dashboard in real Chromium against the test stack: local sign-in, Acme's tickets with
 * their websites and none of Globex's, a reply that reaches the visitor's widget, the escalation
 * queue updating by itself, a read-only viewer, switching organizations, sign-up landing in the
 * right organization, and a phone-sized screen.
 */
let app: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
/** what the tests create, removed afterwards (the pgTAP files count the seed) */
const signedUp: string[] = [];
const conversations: string[] = [];

async function newPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

const session = (userId: string) => signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, userId);

/** A page already signed in (the sign-in page itself is driven by the first test). */
async function signedInPage(userId: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await newPage(viewport);
  await page.context().addCookies([{ name: SESSION_COOKIE, value: await session(userId), url: app, httpOnly: true, sameSite: 'Lax' }]);
  return page;
}

async function signInAs(page: Page, name: string) {
  await page.goto(`${app}/sign-in`);
  await (await hydrated(page.getByRole('button', { name: new RegExp(`^Sign in as ${name}`) }))).click();
  await page.waitForURL(/\/dashboard(\/|$)/);
}

async function signUp(page: Page, name: string, email: string) {
  await page.goto(`${app}/sign-up`);
  // typed before React hydrated the form, the fields could be reset and the click post it natively
  await hydrated(page.getByRole('button', { name: 'Create account' }));
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** A visitor chats through the widget RPCs (as the widget's functions do) and asks for a person. */
async function escalatedVisitor(question: string, name: string) {
  const anon = anonClient();
  const { data: session, error } = await anon.rpc('widget_start_session', { p_website_key: 'wk_acme_support', p_origin: 'https://support.acme.com' });
  expect(error).toBeNull();
  const { session_token: token } = session as { session_token: string };
  await anon.rpc('widget_chat_turn', { p_session_token: token, p_client_msg_id: `v_${randomUUID()}`, p_body: question });
  const { data: ticket } = await anon.rpc('widget_escalate', { p_session_token: token, p_email: 'dana@example.com', p_name: name });
  conversations.push((session as { conversation_id: string }).conversation_id);
  return { token, ref: (ticket as { ticket_ref: string }).ticket_ref };
}

/** Visit every route the tests use once, in parallel, so `next dev` compiles them up front. */
async function warmUp() {
  const agent = `${SESSION_COOKIE}=${await session(USERS.acmeAgent)}`;
  const routes: [string, string?][] = [
    ['/sign-in'],
    ['/sign-up'],
    ['/dashboard', `${SESSION_COOKIE}=${await session(USERS.consultant)}`],
    ['/dashboard/acme/tickets', agent],
    ['/dashboard/acme/tickets/ACM-001', agent],
    ['/dashboard/acme/conversations', agent],
  ];
  await Promise.all(routes.map(([path, cookie]) => fetch(`${app}${path}`, { headers: cookie ? { cookie } : {} }).then((r) => r.text())));
}

beforeAll(async () => {
  app = await appUrl();
  [browser] = await Promise.all([launchBrowser(), warmUp()]);
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  for (const id of conversations) await deleteConversation(id);
  await deleteUsers(signedUp);
});

// First visits in `next dev` still compile client code; a loaded 2-core machine needs the room.
const TIMEOUT = 90_000;

describe('the dashboard in a browser', () => {
  it(
    "an Acme agent signs in and sees Acme's tickets with their websites, and none of Globex's",
    async () => {
      const page = await newPage();
      await signInAs(page, 'Alan Turing');
      await page.waitForURL(/\/dashboard\/acme\/tickets$/);
      const rows = page.getByTestId('ticket-row');
      await rows.first().waitFor();
      // other files add Acme tickets of their own, so the first page need not hold the seeded one
      expect((await rows.allInnerTexts()).join('\n')).not.toContain('GLX-');
      expect(await page.getByRole('columnheader', { name: 'Website' }).count()).toBe(1);
      // the seeded Acme ticket, found by its reference, with its website
      await page.goto(`${app}/dashboard/acme/tickets?q=ACM-001`);
      await rows.first().waitFor();
      const text = (await rows.allInnerTexts()).join('\n');
      expect(text).toContain('ACM-001');
      expect(text).toContain('Charged twice for October invoice');
      expect(await page.getByTestId('ticket-website').allInnerTexts()).toContain('Acme main site');
      // Globex's tickets exist (GLX-001 is seeded) but none is listed, even when searched for
      await page.goto(`${app}/dashboard/acme/tickets?q=GLX-`);
      // while the page streams React keeps a hidden copy of the resolved section: wait for the shown one
      await page.getByText('No tickets match these filters').filter({ visible: true }).waitFor();
      expect(await rows.count()).toBe(0);
      await screenshot(page, 'dashboard-tickets');
    },
    TIMEOUT,
  );

  it(
    "an agent's reply reaches the visitor's widget, and the queue shows new escalations without a reload",
    async () => {
      const page = await signedInPage(USERS.acmeAgent);
      // "All": the view does not depend on which state the escalation moves the conversation to
      await page.goto(`${app}/dashboard/acme/conversations?view=all`);
      await page.getByTestId('conversation-row').first().waitFor();
      // the page hears changes once its Realtime channel is joined (an earlier one is in its first render)
      await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 60_000 });

      const name = `Dana ${randomUUID().slice(0, 6)}`;
      const visitor = await escalatedVisitor('Can I change the billing email on my account?', name);
      // no reload: the page re-renders when the database announces the escalation (Realtime)
      await page.getByTestId('conversation-row').filter({ hasText: name }).waitFor({ timeout: 30_000 });

      await page.goto(`${app}/dashboard/acme/tickets/${visitor.ref}`);
      await page.getByText('Can I change the billing email on my account?').first().waitFor();
      const reply = `Yes! Alan here; I have updated it for you (${randomUUID().slice(0, 6)}).`;
      await sendReply(page, reply);
      await page.getByTestId('message-agent').filter({ hasText: reply }).waitFor();
      await screenshot(page, 'dashboard-ticket-reply');

      const { data } = await anonClient().rpc('widget_messages', { p_session_token: visitor.token });
      const view = data as {
        conversation: { agent_name: string | null };
        messages: { sender_type: string; body: string; agent_name: string | null }[];
      };
      expect(view.messages).toContainEqual(expect.objectContaining({ sender_type: 'agent', body: reply, agent_name: 'Alan' }));
      expect(view.conversation.agent_name).toBe('Alan');

      await page.getByRole('button', { name: 'Resolve ticket' }).click();
      await page.getByTestId('resolution').waitFor();
      expect(await page.getByTestId('resolution').innerText()).toContain('Resolved by Alan Turing');
    },
    TIMEOUT,
  );

  it(
    'a viewer reads a ticket but gets no reply box, and the database refuses the write anyway',
    async () => {
      const page = await signedInPage(USERS.acmeViewer);
      await page.goto(`${app}/dashboard/acme/tickets/ACM-001`);
      await page.getByTestId('read-only-notice').first().waitFor();
      expect(await page.getByRole('button', { name: 'Send reply' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Resolve ticket' }).count()).toBe(0);
      await screenshot(page, 'dashboard-viewer');

      const viewer = await userClient(USERS.acmeViewer, { id: ACME.id, slug: ACME.slug, role: 'viewer' });
      const { error } = await viewer
        .from('messages')
        .insert({ organization_id: ACME.id, conversation_id: 'a2000000-0000-4000-8000-000000000001', sender_type: 'agent', body: 'viewer reply' });
      expect(error?.code).toBe('42501');
    },
    TIMEOUT,
  );

  it(
    'a member of Acme and Globex switches between them',
    async () => {
      const page = await signedInPage(USERS.consultant);
      await page.goto(`${app}/dashboard`);
      await page.getByRole('listitem').filter({ hasText: 'Acme Corp' }).click();
      await page.waitForURL(/\/dashboard\/acme\/tickets$/);
      await page.getByTestId('ticket-row').first().waitFor();
      expect((await page.getByTestId('ticket-row').allInnerTexts()).join('\n')).not.toContain('GLX-');

      // the switcher's menu opens from JavaScript
      await (await hydrated(page.getByTestId('org-switcher'))).click();
      await page.getByRole('menuitem', { name: /^Globex/ }).click();
      await page.waitForURL(/\/dashboard\/globex\/tickets$/);
      await page.getByTestId('ticket-row').filter({ hasText: 'GLX-001' }).waitFor();
      expect((await page.getByTestId('ticket-row').allInnerTexts()).join('\n')).not.toContain('ACM-');
      await screenshot(page, 'dashboard-switch-globex');
    },
    TIMEOUT,
  );

  it(
    'a new sign-up with an email at an allowed domain lands in that organization',
    async () => {
      const email = `new-${randomUUID().slice(0, 8)}@acme.com`;
      signedUp.push(localUserIdForEmail(email));
      const page = await newPage();
      await signUp(page, 'Nia Newcomer', email);
      await page.waitForURL(/\/dashboard\/acme\/tickets$/);
      await page.getByTestId('ticket-row').first().waitFor();
    },
    TIMEOUT,
  );

  it(
    'a new sign-up from an unknown domain gets a personal organization',
    async () => {
      const email = `sam-${randomUUID().slice(0, 8)}@elsewhere.example`;
      signedUp.push(localUserIdForEmail(email));
      // The seed makes no organization the default one, so a stranger gets their own.
      const page = await newPage();
      await signUp(page, 'Sam Solo', email);
      await page.waitForURL(/\/dashboard\/sam-solo-[0-9a-f]{6}\/tickets$/);
      await page.getByText('No tickets yet').waitFor();
      await screenshot(page, 'dashboard-signup-personal');
    },
    TIMEOUT,
  );

  it(
    'works on a phone-sized screen',
    async () => {
      const page = await signedInPage(USERS.acmeAgent, { width: 390, height: 844 });
      await page.goto(`${app}/dashboard/acme/tickets`);
      await page.getByTestId('ticket-row').first().waitFor();
      await screenshot(page, 'dashboard-phone-tickets');
      await (await hydrated(page.getByRole('button', { name: 'Toggle navigation' }))).click();
      await page.getByRole('link', { name: 'Conversations' }).click();
      await page.waitForURL(/\/conversations$/);
      await page.getByRole('heading', { name: 'Conversations' }).waitFor();
      await screenshot(page, 'dashboard-phone-conversations');
      expect(pageErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
