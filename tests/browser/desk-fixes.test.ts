import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { launchBrowser } from '@/scripts/test/browser';
import { appUrl } from '../helpers/app';
import { ACME, USERS } from '../helpers/seed';
import { config, keys, sql, userClient } from '../helpers/stack';

/**
 * Issue 11's desk fixes as a person meets them in Chromium: the availability toggle in the
 * header, the widget's focus after a failed "Request a human", and its offline messages.
 */
let app: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

const session = (userId: string) => signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, userId);

async function newPage(userId?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  context.setDefaultTimeout(120_000);
  await context.routeWebSocket(/\/_next\/(webpack-)?hmr/, () => undefined);
  if (userId) await context.addCookies([{ name: SESSION_COOKIE, value: await session(userId), url: app, httpOnly: true, sameSite: 'Lax' }]);
  return context.newPage();
}

const widgetRoot = (page: Page) => page.locator('concierge-widget');
const focusedInWidget = (page: Page) =>
  widgetRoot(page).evaluate((host) => {
    const el = host.shadowRoot?.activeElement;
    return el ? `${el.tagName.toLowerCase()}:${el.textContent?.trim() ?? ''}` : null;
  });

beforeAll(async () => {
  app = await appUrl();
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
  const cookie = `${SESSION_COOKIE}=${await session(USERS.acmeOwner)}`;
  for (const p of [
    '/sign-in',
    '/dashboard',
    '/dashboard/acme/tickets',
    '/dashboard/acme/settings/api-keys',
    '/dashboard/acme/websites',
    '/demo/acme',
  ]) {
    await (await fetch(`${app}${p}`, { headers: { cookie } })).text();
  }
  browser = await launchBrowser();
}, 1_200_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await sql('update public.organization_members set available = true where user_id = $1', [USERS.acmeAgent]);
});

describe('desk fixes', { timeout: 300_000 }, () => {
  it('an agent marks themself away and available from the header', async () => {
    const page = await newPage(USERS.acmeAgent);
    await page.goto(`${app}/dashboard/acme/tickets`);
    await page.getByRole('button', { name: 'Available for new escalations' }).click();
    await page.getByRole('button', { name: 'Away' }).waitFor();
    expect(
      await sql('select available from public.organization_members where organization_id = $1 and user_id = $2', [ACME.id, USERS.acmeAgent]),
    ).toEqual([{ available: false }]);
    await page.getByRole('button', { name: 'Away' }).click();
    await page.getByRole('button', { name: 'Available for new escalations' }).waitFor();
  });
  it('the widget keeps focus in the form after a failed "Request a human"', async () => {
    const page = await newPage();
    await page.route('**/functions/v1/escalate', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"down"}}' }),
    );
    await page.goto(`${app}/demo/acme`);
    await page.getByRole('button', { name: /^Open chat/ }).click();
    await page.getByRole('dialog', { name: /^Chat with/ }).waitFor();
    await page.getByRole('button', { name: 'Talk to a human' }).first().click();
    await page.getByRole('textbox', { name: 'Email (required)' }).fill('dana@example.com');
    await page.getByRole('button', { name: 'Request a human' }).click();
    await page.getByText("We couldn't reach our team just now. Please try again.").waitFor();
    expect(await focusedInWidget(page)).toBe('button:Request a human');
  });
  it('the widget resends a message typed offline once the connection returns', async () => {
    const page = await newPage();
    await page.goto(`${app}/demo/acme`);
    await page.getByRole('button', { name: /^Open chat/ }).click();
    await page.getByRole('dialog', { name: /^Chat with/ }).waitFor();
    const composer = page.getByRole('textbox', { name: 'Message', exact: true });
    await page.context().setOffline(true);
    await composer.fill('Typed on the train');
    await composer.press('Enter');
    await page.getByRole('log').locator('.row.visitor.failed').waitFor();
    await page.context().setOffline(false);
    await page.getByRole('log').locator('.row.visitor.sent', { hasText: 'Typed on the train' }).waitFor({ timeout: 120_000 });
    const [row] = await sql<{ n: number }>(
      "select count(*)::int as n from public.messages where body = 'Typed on the train' and sender_type = 'visitor'",
    );
    expect(row?.n).toBe(1);
    await sql("delete from public.conversations where id in (select conversation_id from public.messages where body = 'Typed on the train')");
  });
});
