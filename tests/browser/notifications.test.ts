import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl } from '../helpers/app';
import { sessionCookie } from '../helpers/actions';
import { expectAccessible } from '../helpers/axe';
import { hydrated, screenshot } from '../helpers/browser';
import { ACME, USERS } from '../helpers/seed';
import { sql } from '../helpers/stack';
import { chat, nextIp, post, startSession } from '../helpers/widget';
import { deleteConversation } from '../dashboard/cleanup';
import { launchBrowser } from '@/scripts/test/browser';
import { SESSION_COOKIE } from '@/lib/auth/session-cookie';

/**
 * The notification centre and desk alerts (issue 17) in Chromium against `next start`: an agent
 * turns browser notifications on (the permission granted to the context), a visitor escalates in
 * the widget, and without a reload the bell's count rises, a browser Notification is constructed
 * and the beep is started (an init script records both), the popover lists the escalation, and
 * clicking it opens the conversation and marks it read; opening the ticket from the tickets list
 * marks it read too. The agent's own preferences row is put back.
 */
let app: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
const conversations: string[] = [];
let savedPrefs: { desk_alerts: boolean; escalation_emails: boolean } | undefined;

declare global {
  interface Window {
    __alerts: { notifications: { title: string; body: string }[]; beeps: number };
  }
}

const prefsOf = async () =>
  (
    await sql<{ desk_alerts: boolean; escalation_emails: boolean }>(
      'select desk_alerts, escalation_emails from public.notification_preferences where organization_id = $1 and user_id = $2',
      [ACME.id, USERS.acmeAgent],
    )
  )[0];

/** The bell's accessible name carries the count: "Notifications, 3 unread" or "Notifications, none unread". */
async function bellCount(): Promise<number> {
  const label = (await page.getByTestId('notification-bell').getAttribute('aria-label')) ?? '';
  const match = /Notifications, (\d+) unread/.exec(label);
  return match ? Number(match[1]) : 0;
}

/** A visitor of Acme's site chats and asks for a person: a new ticket, and a notification for its agents. */
async function escalation() {
  const session = await startSession('wk_acme_main', 'https://acme.com', {}, nextIp('notify'));
  conversations.push(session.conversation_id);
  const { res: chatted } = await chat(session.session_token, randomUUID(), `Notify me ${randomUUID()}`, { ip: nextIp('notify') });
  expect(chatted.status).toBe(200);
  const escalated = await post(
    'escalate',
    { session_token: session.session_token, email: 'nora.notify@example.com', name: 'Nora Notify', reason: 'visitor_request' },
    { ip: nextIp('notify') },
  );
  expect(escalated.status).toBe(200);
  return { session, ref: ((await escalated.json()) as { ticket_ref: string }).ticket_ref };
}

const readFlags = async (conversationId: string) =>
  (
    await sql<{ read_at: string | null }>('select read_at from public.notifications where conversation_id = $1 and user_id = $2', [
      conversationId,
      USERS.acmeAgent,
    ])
  ).map((row) => row.read_at !== null);

beforeAll(async () => {
  app = await appUrl();
  browser = await launchBrowser();
  savedPrefs = await prefsOf();
  await sql('update public.notification_preferences set desk_alerts = false where organization_id = $1 and user_id = $2', [ACME.id, USERS.acmeAgent]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(60_000);
  await context.grantPermissions(['notifications'], { origin: app });
  const cookie = await sessionCookie(USERS.acmeAgent);
  await context.addCookies([{ name: SESSION_COOKIE, value: cookie.slice(SESSION_COOKIE.length + 1), url: app, httpOnly: true, sameSite: 'Lax' }]);
  // records what the page asks the browser for: each Notification constructed, each tone started
  await context.addInitScript(() => {
    window.__alerts = { notifications: [], beeps: 0 };
    const RealNotification = window.Notification;
    window.Notification = new Proxy(RealNotification, {
      construct(target, args: [string, NotificationOptions?]) {
        window.__alerts.notifications.push({ title: args[0], body: args[1]?.body ?? '' });
        return Reflect.construct(target, args) as Notification;
      },
    });
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
      window.__alerts.beeps += 1;
      return start.call(this, when);
    };
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  for (const id of conversations) await deleteConversation(id);
  await sql('delete from public.notification_preferences where organization_id = $1 and user_id = $2', [ACME.id, USERS.acmeAgent]);
  if (savedPrefs) {
    await sql('insert into public.notification_preferences (organization_id, user_id, desk_alerts, escalation_emails) values ($1, $2, $3, $4)', [
      ACME.id,
      USERS.acmeAgent,
      savedPrefs.desk_alerts,
      savedPrefs.escalation_emails,
    ]);
  }
});

describe('notifications', { timeout: 300_000 }, () => {
  it('the desk-alerts toggle asks the browser, saves, and stays on after a reload', async () => {
    await page.goto(`${app}/dashboard/${ACME.slug}/preferences`, { timeout: 120_000 });
    const toggle = page.getByRole('switch', { name: /Browser notifications and a sound/ });
    await (await hydrated(toggle)).click();
    await page.getByText('This browser will show your new notifications, with a sound.').waitFor();
    expect((await prefsOf())?.desk_alerts).toBe(true);

    await page.reload({ timeout: 120_000 });
    await expect.poll(() => page.getByRole('switch', { name: /Browser notifications and a sound/ }).isChecked(), { timeout: 60_000 }).toBe(true);
  });

  it('a visitor’s escalation reaches the bell live, alerts, and opens from the list marked read', async () => {
    await page.goto(`${app}/dashboard/${ACME.slug}/tickets`, { timeout: 120_000 });
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 60_000 });
    const before = await bellCount();

    const { session, ref } = await escalation();

    // live: no reload since the page opened
    await expect.poll(bellCount, { timeout: 60_000 }).toBeGreaterThan(before);
    await expect
      .poll(() => page.evaluate(() => window.__alerts.notifications), { timeout: 30_000 })
      .toContainEqual({ title: 'New escalation', body: expect.stringContaining(ref) as string });
    expect(await page.evaluate(() => window.__alerts.beeps)).toBeGreaterThan(0);

    await (await hydrated(page.getByTestId('notification-bell'))).click();
    const centre = page.getByRole('dialog', { name: 'Notifications' });
    const item = centre.getByTestId('notification-item').filter({ hasText: ref });
    await item.waitFor();
    expect(await item.innerText()).toContain('New escalation');
    await expectAccessible(page, 'notification-centre', { include: '[data-testid="notification-centre"]' });
    await screenshot(page, 'notification-centre');

    const unreadBefore = await bellCount();
    await item.click();
    await page.waitForURL(`**/dashboard/${ACME.slug}/conversations/${session.conversation_id}`, { timeout: 60_000 });
    await expect.poll(() => readFlags(session.conversation_id), { timeout: 30_000 }).toEqual([true]);
    await expect.poll(bellCount, { timeout: 30_000 }).toBeLessThan(unreadBefore);
    expect(pageErrors).toEqual([]);
  });

  it('opening the ticket from the tickets list marks its notification read, and the bell follows without a reload', async () => {
    await page.goto(`${app}/dashboard/${ACME.slug}/tickets`, { timeout: 120_000 });
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 60_000 });
    const before = await bellCount();
    const { session, ref } = await escalation();
    await expect.poll(bellCount, { timeout: 60_000 }).toBe(before + 1);
    expect(await readFlags(session.conversation_id)).toEqual([false]);

    // the list re-renders live with the new ticket; its link navigates in the page (the layout, bell included, stays)
    await (await hydrated(page.getByRole('link', { name: ref, exact: true }))).click();
    await page.waitForURL(`**/dashboard/${ACME.slug}/tickets/${ref}`, { timeout: 60_000 });
    await expect.poll(() => readFlags(session.conversation_id), { timeout: 30_000 }).toEqual([true]);
    await expect.poll(bellCount, { timeout: 30_000 }).toBe(before);
    expect(pageErrors).toEqual([]);
  });
});
