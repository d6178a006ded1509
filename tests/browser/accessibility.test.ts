import { SignJWT } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { launchBrowser } from '@/scripts/test/browser';
import { appUrl } from '../helpers/app';
import { expectAccessible } from '../helpers/axe';
import { ACME, USERS } from '../helpers/seed';
import { config, keys, sql, userClient } from '../helpers/stack';
import { nextIp, startSession } from '../helpers/widget';

/**
 * axe-core (WCAG 2.0 A and AA, serious and critical fail) on every dashboard page and on the pages
 * around it, as a person using a screen reader or only a keyboard meets them: the organization
 * chooser, the page for a user without an organization, not-found, sign-in and the open widget.
 * Also: the skip link, and scrollable analytics tables reachable by keyboard.
 */
// Pages wait for 'load' and their heading, not network idle: the lists refresh themselves every
// few seconds, and under load one refresh can overlap the next.
let app: string;
let browser: Browser;
const contexts = new Set<BrowserContext>();

const ACME_PAGES = [
  '/dashboard/acme',
  '/dashboard/acme/conversations',
  '/dashboard/acme/conversations?view=mine',
  '/dashboard/acme/conversations?view=unassigned',
  '/dashboard/acme/conversations?view=waiting_on_customer',
  '/dashboard/acme/conversations?view=resolved',
  '/dashboard/acme/conversations?view=all',
  '/dashboard/acme/conversations?q=refund',
  '/dashboard/acme/conversations/a2000000-0000-4000-8000-000000000001',
  '/dashboard/acme/tickets',
  '/dashboard/acme/tickets/ACM-001',
  '/dashboard/acme/customers/a4000000-0000-4000-8000-000000000002',
  '/dashboard/acme/visitors',
  '/dashboard/acme/websites',
  '/dashboard/acme/members',
  '/dashboard/acme/settings',
  '/dashboard/acme/settings/api-keys',
  '/dashboard/acme/business-hours',
  '/dashboard/acme/preferences',
  '/dashboard/acme/analytics',
];

/** [name, path, who]: the pages outside one organization's frame. */
const OTHER_PAGES: [string, string, string][] = [
  ['the organization chooser', '/dashboard', USERS.consultant],
  ['the page for a user without an organization', '/dashboard', USERS.nobody],
  ['the not-found page', '/dashboard/no-such-org/tickets', USERS.acmeAgent],
  ['a missing ticket', '/dashboard/acme/tickets/ACM-999999', USERS.acmeAgent],
  ['the 403 page of an admin-only page', '/dashboard/acme/settings', USERS.acmeAgent],
];

async function newPage(userId?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.add(context);
  context.setDefaultTimeout(120_000);
  if (userId) {
    const cookie = await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, userId);
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: app, httpOnly: true, sameSite: 'Lax' }]);
  }
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

/**
 * Runs one check on a page of its own and closes it after: a dashboard page left open keeps its
 * Realtime socket and re-renders on every event, so with every page kept until the end, two dozen
 * of them loaded the two cores while the last ones were checked.
 */
async function onPage(userId: string | undefined, check: (page: Page) => Promise<void>): Promise<void> {
  const page = await newPage(userId);
  try {
    await check(page);
  } finally {
    contexts.delete(page.context());
    await page
      .context()
      .close()
      .catch(() => undefined);
  }
}

const nameOf = (path: string) => path.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '_');

beforeAll(async () => {
  app = await appUrl();
  // the widget on /demo/acme runs on the test app's origin: Acme allows it, as an admin would
  const admin = await userClient('user_acme_admin', { id: ACME.id, slug: ACME.slug, role: 'admin' });
  const { data: site } = await admin.from('websites').select('id, allowed_origins').eq('public_key', 'wk_acme_main').single().throwOnError();
  const origin = new URL(app).origin;
  if (!site.allowed_origins.includes(origin)) {
    await admin
      .from('websites')
      .update({ allowed_origins: [...site.allowed_origins, origin] })
      .eq('id', site.id)
      .throwOnError();
  }
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

describe('accessibility (axe, WCAG 2.0 A and AA)', { timeout: 180_000 }, () => {
  // The page checks only read: they run a few at a time (vitest's maxConcurrency), since each one
  // mostly waits on the server render and then on axe in the browser.
  it.concurrent.each(ACME_PAGES)('%s has no serious or critical violations', (path) =>
    onPage(USERS.acmeOwner, async (page) => {
      await page.goto(`${app}${path}`, { waitUntil: 'load' });
      await page.locator('main h1').first().waitFor();
      await expectAccessible(page, nameOf(path));
    }),
  );

  it.concurrent.each(OTHER_PAGES)('%s has no serious or critical violations', (name, path, who) =>
    onPage(who, async (page) => {
      await page.goto(`${app}${path}`, { waitUntil: 'load' });
      await page.locator('h1').first().waitFor();
      await expectAccessible(page, nameOf(name));
    }),
  );

  it.concurrent('the sign-in page has no serious or critical violations', () =>
    onPage(undefined, async (page) => {
      await page.goto(`${app}/sign-in`, { waitUntil: 'load' });
      await page
        .getByRole('button', { name: /sign in/i })
        .first()
        .waitFor();
      await expectAccessible(page, 'sign-in');
    }),
  );

  it.concurrent("an emailed CSAT link's rating page, and a broken link's, have no serious or critical violations", () =>
    onPage(undefined, async (page) => {
      // a visitor's conversation an agent resolved, and its link signed as the email sender signs it
      const session = await startSession('wk_acme_main', 'https://acme.com', {}, nextIp('198.51.100'));
      const agent = await userClient('user_acme_agent', { id: ACME.id, slug: ACME.slug, role: 'agent' });
      await agent.rpc('resolve_conversation', { p_conversation_id: session.conversation_id }).throwOnError();
      const [resolution] = await sql<{ id: string }>(
        "select id from public.conversation_transitions where conversation_id = $1 and to_state = 'resolved'",
        [session.conversation_id],
      );
      const token = await new SignJWT({ o: ACME.id, r: resolution!.id })
        .setProtectedHeader({ alg: 'HS256' })
        .setAudience('concierge:csat')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(`${keys.cronSecret}:email-links`));
      await page.goto(`${app}/rate/${token}?score=4`, { waitUntil: 'load' });
      await page.locator('h1').first().waitFor();
      await expectAccessible(page, 'rate');
      await page.goto(`${app}/rate/not-a-token?score=4`, { waitUntil: 'load' });
      await page.locator('h1').first().waitFor();
      await expectAccessible(page, 'rate_broken_link');
    }),
  );

  it.concurrent('the widget, open on a customer page, has no serious or critical violations', () =>
    onPage(undefined, async (page) => {
      await page.goto(`${app}/demo/acme`, { waitUntil: 'load' });
      await page.getByRole('button', { name: /^Open chat/ }).click();
      await page.getByRole('dialog', { name: /^Chat with/ }).waitFor();
      await expectAccessible(page, 'widget', { include: 'concierge-widget' });
    }),
  );

  it('the dashboard starts with a "Skip to content" link that moves focus to the page', async () => {
    const page = await newPage(USERS.acmeOwner);
    await page.goto(`${app}/dashboard/acme/tickets`, { waitUntil: 'load' });
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main-content');
  });

  it('every scrollable analytics table can be reached and scrolled with the keyboard', async () => {
    const page = await newPage(USERS.acmeOwner);
    await page.goto(`${app}/dashboard/acme/analytics`, { waitUntil: 'load' });
    const tables = page.locator('main table');
    await tables.first().waitFor();
    for (const table of await tables.all()) {
      // the element that scrolls the table: a focusable region named like its table
      const label = await table.getAttribute('aria-label');
      expect(label).toEqual(expect.any(String));
      const region = table.locator('xpath=ancestor::*[@role="region"][1]');
      expect(await region.getAttribute('aria-label')).toBe(label);
      expect(await region.getAttribute('tabindex')).toBe('0');
      await region.focus();
      expect(await region.evaluate((el) => el === document.activeElement)).toBe(true);
    }
  });
});
