import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { launchBrowser } from '@/scripts/test/browser';
import { appUrl } from '../helpers/app';
import { hydrated, screenshot } from '../helpers/browser';
import { ACME, USERS } from '../helpers/seed';
import { anonClient, config, keys, sql, userClient } from '../helpers/stack';
import { deleteConversation } from '../dashboard/cleanup';

/**
 * Issue 11's "bugs found on the way", as a person meets them in Chromium: signing out from the
 * pages outside the dashboard frame, the sign-in page for someone signed in, the assignee filter,
 * paging past the end, the API-key revoke dialog, Ctrl+Enter, the availability toggle, and the
 * widget's focus after a failed request, its offline messages and a page on an unlisted origin.
 */
let app: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const conversations: string[] = [];
// The app's own demo page under another name of the same machine: an origin Acme does not list.
// (A made-up public origin cannot be used: Chromium's Private Network Access refuses its page's
// requests to the loopback app and stack.)
let unlisted: string;

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
  unlisted = app.replace('127.0.0.1', 'localhost');
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

// each test's pages close with it: an open dashboard page keeps its Realtime socket and
// re-renders on every event, loading the cores for every test after it
const closeContexts = async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
};
afterEach(closeContexts);

afterAll(async () => {
  await closeContexts();
  await browser?.close();
  for (const id of conversations) await deleteConversation(id);
  await sql("delete from public.api_keys where name like 'deskfix %'");
  await sql('update public.organization_members set available = true where user_id = $1', [USERS.acmeAgent]);
});

describe('desk fixes', { timeout: 300_000 }, () => {
  it('the organization chooser has Sign out, which ends the session', async () => {
    const page = await newPage(USERS.consultant);
    await page.goto(`${app}/dashboard`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${app}/`);
    await page.goto(`${app}/dashboard`);
    await page.waitForURL(/\/sign-in/);
  });

  it('so do the page for a user without an organization and the not-found page', async () => {
    const page = await newPage(USERS.nobody);
    await page.goto(`${app}/dashboard`);
    await page.getByText('You are not in any organization yet').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const other = await newPage(USERS.acmeAgent);
    await other.goto(`${app}/dashboard/no-such-org/tickets`);
    await other.getByRole('heading', { name: 'Not found' }).waitFor();
    await other.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  it('the sign-in page sends a signed-in user on to where they were going, or to the dashboard', async () => {
    const page = await newPage(USERS.acmeAgent);
    await page.goto(`${app}/sign-in?redirect_url=${encodeURIComponent('/dashboard/acme/tickets?status=open')}`);
    await page.waitForURL(`${app}/dashboard/acme/tickets?status=open`);
    await page.goto(`${app}/sign-in?redirect_url=${encodeURIComponent('https://evil.example/')}`);
    await page.waitForURL(/\/dashboard\/acme\/tickets$/); // /dashboard, which opens the agent's only organization
  });

  it('the assignee filter offers agents, not viewers; a page past the end says so', async () => {
    const page = await newPage(USERS.acmeAgent);
    await page.goto(`${app}/dashboard/acme/tickets?page=99`);
    await page.getByText('There is no page 99').waitFor();
    expect(await page.getByText('No tickets yet').count()).toBe(0);
    await page.getByText(/Page 99 is past the last page/).waitFor();
    // the options open from JavaScript
    await (await hydrated(page.getByRole('combobox', { name: 'Assignee' }))).click();
    await page.getByRole('option', { name: 'Unassigned' }).waitFor();
    const options = await page.getByRole('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['Unassigned', 'Alan Turing']));
    expect(options).not.toContain('Vera Rubin');
  });

  it('revoking an API key closes its dialog instead of turning it into a delete dialog', async () => {
    const owner = await userClient(USERS.acmeOwner, { id: ACME.id, slug: ACME.slug, role: 'owner' });
    const name = `deskfix ${randomUUID().slice(0, 6)}`;
    await owner.rpc('create_api_key', { p_name: name, p_scopes: ['read'] }).throwOnError();
    const page = await newPage(USERS.acmeOwner);
    await page.goto(`${app}/dashboard/acme/settings/api-keys`);
    // the button opens its dialog from JavaScript: a click before React hydrated it does nothing
    await (await hydrated(page.getByRole('button', { name: `Revoke ${name}` }))).click();
    const dialog = page.getByRole('dialog', { name: `Revoke “${name}”?` });
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByRole('button', { name: `Delete ${name}` }).waitFor();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('Ctrl+Enter sends an agent reply', async () => {
    const anon = anonClient();
    const { data } = await anon
      .rpc('widget_start_session', { p_website_key: 'wk_acme_support', p_origin: 'https://support.acme.com' })
      .throwOnError();
    const { session_token: token, conversation_id: id } = data as { session_token: string; conversation_id: string };
    conversations.push(id);
    await anon
      .rpc('widget_chat_turn', { p_session_token: token, p_client_msg_id: `v_${randomUUID()}`, p_body: 'Where is my parcel?' })
      .throwOnError();
    const page = await newPage(USERS.acmeAgent);
    await page.goto(`${app}/dashboard/acme/conversations/${id}`);
    // the shortcut is a React key handler: pressed before hydration, it does nothing
    const box = await hydrated(page.getByRole('textbox', { name: /^Reply/ }));
    await box.fill('It left the warehouse today.');
    await box.press('Control+Enter');
    await page.getByText('Reply sent. The visitor sees it in the chat.').waitFor();
    const rows = await sql('select 1 from public.messages where conversation_id = $1 and sender_type = $2 and body = $3', [
      id,
      'agent',
      'It left the warehouse today.',
    ]);
    expect(rows).toHaveLength(1);
  });

  it('an agent marks themself away and available from the header', async () => {
    const page = await newPage(USERS.acmeAgent);
    await page.goto(`${app}/dashboard/acme/tickets`);
    await (await hydrated(page.getByRole('button', { name: 'Available for new escalations' }))).click();
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

  it('a page on an unlisted origin shows no widget, and the admin sees the refusal on the Websites page', async () => {
    const page = await newPage();
    // widget.js asks for the website's look first: refused, it remembers the refusal and mounts nothing
    await page.goto(`${unlisted}/demo/acme`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.evaluate(() => Boolean(localStorage.getItem('concierge:wk_acme_main:refused')))).toBe(true);
    expect(await widgetRoot(page).count()).toBe(0);
    // the next page load does not even ask
    await page.reload({ waitUntil: 'networkidle' });
    expect(await widgetRoot(page).count()).toBe(0);

    const admin = await newPage(USERS.acmeOwner);
    await admin.goto(`${app}/dashboard/acme/websites`);
    const notice = admin.getByRole('article', { name: 'Acme main site' }).getByTestId('refused-origins');
    await notice.getByText(unlisted).waitFor();
    await screenshot(admin, 'websites-refused-origins');
    await sql('delete from public.website_refused_origins where origin = $1', [unlisted]);
  });
});
