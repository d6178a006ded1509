import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { launchBrowser } from '@/scripts/test/browser';
import { appUrl } from '../helpers/app';
import { screenshot } from '../helpers/browser';
import { ACME, USERS } from '../helpers/seed';
import { config, keys, userClient } from '../helpers/stack';

/**
 * axe-core on every dashboard page and on the widget, as a person using a screen reader or only
 * a keyboard meets them: a serious or critical WCAG 2.1 A/AA violation fails the test (the report
 * names the rule and the elements). Also: the skip link, and scrollable tables reachable by keyboard.
 */
let app: string;
let browser: Browser;

const PAGES = [
  '/dashboard',
  '/dashboard/acme/tickets',
  '/dashboard/acme/tickets/ACM-001',
  '/dashboard/acme/conversations',
  '/dashboard/acme/conversations/a2000000-0000-4000-8000-000000000001',
  '/dashboard/acme/visitors',
  '/dashboard/acme/websites',
  '/dashboard/acme/analytics',
  '/dashboard/acme/members',
  '/dashboard/acme/settings',
  '/dashboard/acme/settings/api-keys',
];

/** A page signed in as Acme's owner (who sees every page, the consultant's chooser aside). */
async function signedIn(userId: string = USERS.acmeOwner): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(120_000);
  const cookie = await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, userId);
  await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: app, httpOnly: true, sameSite: 'Lax' }]);
  // a customer's page must not reload when a file of this app changes (shared working tree)
  await context.routeWebSocket(/\/_next\/(webpack-)?hmr/, () => undefined);
  return context.newPage();
}

/** The serious and critical violations, one line each: rule, impact, the first elements. */
async function violations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

beforeAll(async () => {
  app = await appUrl();
  // next dev compiles each route on its first request: all of them here, under the hook's longer timeout
  const cookie = `${SESSION_COOKIE}=${await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, USERS.acmeOwner)}`;
  for (const p of [...PAGES, '/demo/acme', '/sign-in']) await (await fetch(`${app}${p}`, { headers: { cookie } })).text();
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
}, 1_200_000);

afterAll(async () => {
  await browser?.close();
});

describe('accessibility (axe, WCAG 2.1 AA)', { timeout: 240_000 }, () => {
  it.each(PAGES)('%s has no serious or critical violations', async (path) => {
    const page = await signedIn(path === '/dashboard' ? USERS.consultant : USERS.acmeOwner);
    await page.goto(`${app}${path}`, { waitUntil: 'networkidle', timeout: 180_000 });
    const found = await violations(page);
    if (found.length > 0) await screenshot(page, `axe-${path.replaceAll('/', '_')}`);
    expect(found).toEqual([]);
    await page.context().close();
  });

  it('the sign-in page has no serious or critical violations', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app}/sign-in`, { waitUntil: 'networkidle', timeout: 180_000 });
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  it('the widget, open on a customer page, has no serious or critical violations', async () => {
    const page = await signedIn();
    await page.goto(`${app}/demo/acme`, { waitUntil: 'networkidle', timeout: 180_000 });
    await page.getByRole('button', { name: /^Open chat/ }).click();
    await page.getByRole('dialog', { name: /^Chat with/ }).waitFor();
    expect(await violations(page, 'concierge-widget')).toEqual([]);
    await page.context().close();
  });

  it('the dashboard starts with a "Skip to content" link that moves focus to the page', async () => {
    const page = await signedIn();
    await page.goto(`${app}/dashboard/acme/tickets`, { waitUntil: 'networkidle', timeout: 180_000 });
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    await page.context().close();
  });

  it('every scrollable analytics table can be reached and scrolled with the keyboard', async () => {
    const page = await signedIn();
    await page.goto(`${app}/dashboard/acme/analytics`, { waitUntil: 'networkidle', timeout: 180_000 });
    const tables = page.locator('main table');
    expect(await tables.count()).toBeGreaterThan(0);
    for (const table of await tables.all()) {
      // the element that scrolls the table: focusable, and a region named like its table
      const scroller = await table.evaluate((el) => {
        let node: HTMLElement | null = el.parentElement;
        while (node && !['auto', 'scroll'].some((v) => [getComputedStyle(node!).overflowX, getComputedStyle(node!).overflowY].includes(v))) {
          node = node.parentElement;
        }
        return (
          node && {
            tabIndex: node.tabIndex,
            role: node.getAttribute('role'),
            label: node.getAttribute('aria-label'),
            table: el.getAttribute('aria-label'),
          }
        );
      });
      expect(scroller).toEqual({ tabIndex: 0, role: 'region', label: scroller?.table, table: expect.any(String) });
    }
    await page.context().close();
  });
});
