import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl } from '../helpers/app';
import { launchBrowser } from '@/scripts/test/browser';
import { ACME } from '../helpers/seed';
import { sql, userClient } from '../helpers/stack';

/**
 * One browser, several people: a customer page that embeds the widget with the logged-in user's
 * signed identity (or none). Whoever uses the browser next never sees the previous person's
 * thread, logging in keeps the anonymous thread, a signed-in customer reaches a person without
 * typing the email the signature vouches for, and Concierge.shutdown() forgets it all.
 */
const KEY = 'wk_acme_main';
const SECRET = 'acme-identity-secret-dev';
let app: string;
let browser: Browser;
let server: Server;
let shop: string;

/** The customer's server side: a v2 identity signature for the user. */
function userAttributes(externalId: string, email: string): string {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const hex = createHmac('sha256', SECRET).update(`v2|${externalId}|${email}|${exp}`).digest('hex');
  return `data-user-id="${externalId}" data-user-email="${email}" data-user-hash="v2.${exp}.${hex}"`;
}

/**
 * The customer's site, on its own origin: GET /shop?as=<external_id> renders the page for that
 * logged-in user (none without it). A real server, because Chromium lets only a page it fetched
 * from a loopback address call the loopback functions URL (a routed response counts as public).
 */
function shopPage(url: URL): string {
  const as = url.searchParams.get('as');
  const user = as ? userAttributes(as, `${as}@example.com`) : '';
  return `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>
    <script src="${app}/widget.js" data-website-id="${KEY}" ${user} async></script></body></html>`;
}

async function sharedBrowser(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  return { context, page: await context.newPage() };
}

const storageKey = (externalId?: string) => `concierge:${KEY}${externalId ? `:id:${externalId}` : ''}`;

/** Opens the page as that user (or anonymously), opens the chat and waits for its stored session. */
async function visit(page: Page, as?: string): Promise<string> {
  await page.goto(`${shop}/shop${as ? `?as=${as}` : ''}`);
  await page.getByRole('button', { name: /^Open chat/ }).click();
  await page.getByRole('dialog', { name: /^Chat with/ }).waitFor();
  const handle = await page.waitForFunction((key) => localStorage.getItem(key), storageKey(as), { timeout: 30_000 });
  return (await handle.jsonValue()) as string;
}

async function sessionOf(token: string) {
  const [row] = await sql<{ conversation_id: string; visitor_id: string; external_id: string | null }>(
    `select s.conversation_id, c.visitor_id, v.external_id
     from public.visitor_sessions s join public.conversations c on c.id = s.conversation_id join public.visitors v on v.id = c.visitor_id
     where s.token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
    [token],
  );
  expect(row, 'a stored session token that the database knows').toBeDefined();
  return row!;
}

async function say(token: string, body: string) {
  const s = await sessionOf(token);
  await sql(
    `insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body)
     values ($1, $2, 'visitor', $3, $4, $5)`,
    [ACME.id, s.conversation_id, s.visitor_id, randomUUID(), body],
  );
}

const visitorRows = (page: Page) => page.getByRole('log').locator('.row.visitor');
const storedKeys = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('concierge:'))
      .sort(),
  );
const unique = (name: string) => `${name}_${randomUUID().slice(0, 8)}`;

/** Acme's admin sets the website's allowed origins, as in the dashboard. */
async function websiteOrigins(change: (origins: string[]) => string[]) {
  const admin = await userClient('user_acme_admin', { id: ACME.id, slug: ACME.slug, role: 'admin' });
  const { data: site } = await admin.from('websites').select('id, allowed_origins').eq('public_key', KEY).single().throwOnError();
  await admin
    .from('websites')
    .update({ allowed_origins: change(site.allowed_origins) })
    .eq('id', site.id)
    .throwOnError();
}

beforeAll(async () => {
  app = await appUrl();
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/shop') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(shopPage(url));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  shop = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await websiteOrigins((origins) => [...origins, shop]);
  // next dev compiles /widget.js on its first request: do that here, under the hook's longer timeout.
  expect((await fetch(`${app}/widget.js`)).status).toBe(200);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (shop) await websiteOrigins((origins) => origins.filter((o) => o !== shop));
  await new Promise((resolve) => server?.close(resolve));
});

describe('the widget on a shared browser', { timeout: 90_000 }, () => {
  it("B logging in after A never sees A's thread, and A's conversation stays A's", async () => {
    const alice = unique('alice');
    const bob = unique('bob');
    const { context, page } = await sharedBrowser();
    const aToken = await visit(page, alice);
    await say(aToken, "alice's order number 4242");
    await page.reload();
    await page.getByRole('button', { name: /^Open chat/ }).click();
    await visitorRows(page).filter({ hasText: '4242' }).waitFor();

    const bToken = await visit(page, bob);
    expect(bToken).not.toBe(aToken);
    expect(await visitorRows(page).count()).toBe(0);
    expect(await page.getByRole('log').textContent()).not.toContain('4242');
    const [a, b] = [await sessionOf(aToken), await sessionOf(bToken)];
    expect(a.external_id).toBe(alice);
    expect(b.external_id).toBe(bob);
    expect(b.conversation_id).not.toBe(a.conversation_id);

    // A token stored by an older widget under the website key alone: the server still starts B afresh.
    await page.evaluate(
      ([key, token]) => {
        localStorage.clear();
        localStorage.setItem(key!, token!);
      },
      [storageKey(), aToken],
    );
    const carol = unique('carol');
    const cToken = await visit(page, carol);
    expect(cToken).not.toBe(aToken);
    expect(await page.getByRole('log').textContent()).not.toContain('4242');
    expect((await sessionOf(aToken)).external_id).toBe(alice);
    expect((await sessionOf(cToken)).conversation_id).not.toBe(a.conversation_id);
    expect(await storedKeys(page)).toEqual([storageKey(carol)]);
    await context.close();
  });

  it('logging in keeps the anonymous thread; after logging out the page shows a fresh one', async () => {
    const alice = unique('alice');
    const { context, page } = await sharedBrowser();
    const anonToken = await visit(page);
    await say(anonToken, 'asked before logging in');

    const aToken = await visit(page, alice);
    expect(aToken).toBe(anonToken);
    await visitorRows(page).filter({ hasText: 'asked before logging in' }).waitFor();
    expect((await sessionOf(aToken)).external_id).toBe(alice);
    expect(await storedKeys(page)).toEqual([storageKey(alice)]);

    // logged out, with no shutdown() call: the page identifies no one
    const nextToken = await visit(page);
    expect(nextToken).not.toBe(aToken);
    expect(await visitorRows(page).count()).toBe(0);
    expect((await sessionOf(nextToken)).external_id).toBeNull();
    expect((await sessionOf(aToken)).external_id).toBe(alice);
    await context.close();
  });

  it('a signed-in customer asks for a person without typing an email: the ticket carries the verified one', async () => {
    const alice = unique('alice');
    const { context, page } = await sharedBrowser();
    const token = await visit(page, alice);
    const dialog = page.getByRole('dialog', { name: /^Chat with/ });
    await dialog.getByRole('button', { name: 'Talk to a human' }).first().click();
    await dialog.getByText(`Our team will reply here and by email to ${alice}@example.com.`).waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Email (required)' }).isVisible()).toBe(false);
    await dialog.getByRole('button', { name: 'Request a human' }).click();
    const banner = dialog.getByText(/^Ticket ACM-\d{3,} created/);
    await banner.waitFor();
    const ref = /ACM-\d{3,}/.exec((await banner.textContent()) ?? '')![0];
    const [ticket] = await sql<{ customer_email: string; conversation_id: string }>(
      'select customer_email, conversation_id from public.tickets where organization_id = $1 and ref = $2',
      [ACME.id, ref],
    );
    expect(ticket?.customer_email).toBe(`${alice}@example.com`);
    expect(ticket?.conversation_id).toBe((await sessionOf(token)).conversation_id);
    await context.close();
  });

  it('Concierge.shutdown() removes the widget and its stored sessions; the next load is a fresh anonymous visitor', async () => {
    const alice = unique('alice');
    const { context, page } = await sharedBrowser();
    await visit(page);
    const aToken = await visit(page, alice);
    await page.evaluate(() => localStorage.setItem('unrelated', 'kept'));
    await page.evaluate(() => (window as unknown as { Concierge: { shutdown(): void } }).Concierge.shutdown());
    await page.locator('concierge-widget').waitFor({ state: 'detached' });
    expect(await storedKeys(page)).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('unrelated'))).toBe('kept');

    const nextToken = await visit(page);
    expect(nextToken).not.toBe(aToken);
    const next = await sessionOf(nextToken);
    expect(next.external_id).toBeNull();
    expect(next.conversation_id).not.toBe((await sessionOf(aToken)).conversation_id);
    await context.close();
  });
});
