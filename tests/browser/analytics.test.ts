import { text } from 'node:stream/consumers';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { appUrl } from '../helpers/app';
import { launchBrowser } from '@/scripts/test/browser';
import { hydrated, screenshot } from '../helpers/browser';
import { ingest, uniq } from '../helpers/ingest';
import { config, keys } from '../helpers/stack';
import { randomDay, seededRandom } from '../helpers/random';

/**
 * The analytics and API key pages in Chromium: an admin creates a key in the dashboard, an
 * external system pushes a day of data with it, and the analytics page shows exactly that day's
 * figures, charts and tables, and exports them as CSV; revoking the key in the dashboard stops it.
 */
let app: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
// first visits in `next dev` compile the page; a loaded 2-core machine needs the room
const TIMEOUT = 180_000;
// a day nobody else writes to, so the figures are this test's own
const day = randomDay(seededRandom('tests/browser/analytics.test.ts'), '2023-01-01', 300);

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

async function signInAs(page: Page, name: string) {
  await page.goto(`${app}/sign-in`);
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${name}`) }).click();
  await page.waitForURL(/\/dashboard(\/|$)/);
}

/** Compile the two pages once before the clock starts (next dev compiles on first visit). */
async function warmUp() {
  const cookie = `${SESSION_COOKIE}=${await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, 'user_acme_admin')}`;
  await Promise.all(
    [
      '/sign-in',
      '/dashboard/acme/tickets',
      '/dashboard/acme/analytics',
      '/dashboard/acme/settings/api-keys',
      '/dashboard/acme/analytics/export?dataset=daily',
    ].map((path) => fetch(`${app}${path}`, { headers: { cookie } }).then((r) => r.text())),
  );
}

beforeAll(async () => {
  app = await appUrl();
  [browser] = await Promise.all([launchBrowser(), warmUp()]);
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe('analytics and API keys in a browser', () => {
  it(
    'an admin creates a key, pushes a day of data with it, and sees exactly that day in the analytics',
    async () => {
      const page = await newPage();
      await signInAs(page, 'Grace Hopper');
      await page.goto(`${app}/dashboard/acme/settings/api-keys`);
      // the form submits through JavaScript once hydrated (a fill before that is lost, a click posts the page)
      await hydrated(page.getByRole('button', { name: 'Create key' }));
      const name = `Browser CRM ${uniq('k').slice(2, 8)}`;
      await page.getByLabel('Name').fill(name);
      await page.getByRole('button', { name: 'Create key' }).click();
      const key = (await page.getByTestId('new-api-key-value').innerText()).trim();
      expect(key).toMatch(/^ck_live_[0-9a-f]{48}$/);
      await page.getByTestId('api-key-row').filter({ hasText: name }).waitFor();
      expect(await page.getByTestId('api-keys-table').innerText()).not.toContain(key);
      await screenshot(page, 'api-keys-created');

      // the external system: two chats (one answered by the AI in 30 s, one escalated), events, a view
      const t = (time: string) => `${day}T${time}Z`;
      const chatA = uniq('chat');
      const chatB = uniq('chat');
      const visitor = uniq('crm');
      const res = await ingest(key, [
        { type: 'visitor', idempotency_key: uniq('v'), external_id: visitor, name: 'Browser Visitor', seen_at: t('09:00:00') },
        {
          type: 'chat',
          idempotency_key: uniq('c'),
          external_id: chatA,
          visitor_external_id: visitor,
          website_domain: 'acme.com',
          started_at: t('09:00:00'),
          is_resolved: true,
          resolved_at: t('09:10:00'),
        },
        {
          type: 'message',
          idempotency_key: uniq('m'),
          chat_external_id: chatA,
          sender_type: 'visitor',
          body: 'Where is my order?',
          sent_at: t('09:00:00'),
        },
        { type: 'message', idempotency_key: uniq('m'), chat_external_id: chatA, sender_type: 'ai', body: 'It ships today.', sent_at: t('09:00:30') },
        {
          type: 'chat',
          idempotency_key: uniq('c'),
          external_id: chatB,
          visitor_external_id: visitor,
          started_at: t('11:00:00'),
          is_escalated: true,
          escalated_reason: 'billing_question',
        },
        {
          type: 'message',
          idempotency_key: uniq('m'),
          chat_external_id: chatB,
          sender_type: 'visitor',
          body: 'Refund please',
          sent_at: t('11:00:00'),
        },
        { type: 'message', idempotency_key: uniq('m'), chat_external_id: chatB, sender_type: 'agent', body: 'Done.', sent_at: t('11:01:30') },
        { type: 'event', idempotency_key: uniq('e'), name: 'browser_signup', visitor_external_id: visitor, occurred_at: t('12:00:00') },
        { type: 'article_view', idempotency_key: uniq('a'), article_slug: 'shipping-times', visitor_external_id: visitor, viewed_at: t('09:01:00') },
      ]);
      expect(res.status).toBe(200);

      await page.goto(`${app}/dashboard/acme/analytics?from=${day}&to=${day}&tz=UTC`);
      // visible only: while the page streams in, React holds a resolved section in a hidden copy
      // until it swaps it into place
      const kpi = (label: string) => page.locator(`[data-testid="kpi-${label}"]:visible`).getByTestId('kpi-value').innerText();
      expect(await kpi('conversations')).toBe('2');
      expect(await kpi('messages')).toBe('4');
      expect(await kpi('ai-deflection')).toBe('50%');
      expect(await kpi('escalation-rate')).toBe('50%');
      expect(await kpi('first-response')).toBe('1m 00s'); // median of 30 s and 90 s
      expect(await kpi('resolution-time')).toBe('10m 00s');
      expect(await kpi('events')).toBe('1');
      await page.locator('[data-testid="chart"] svg.recharts-surface').first().waitFor();
      expect(await page.getByTestId('chart').count()).toBeGreaterThanOrEqual(6);
      expect(await page.getByRole('table', { name: 'Escalations by reason' }).innerText()).toContain('billing_question');
      expect(await page.getByRole('table', { name: 'Top articles' }).innerText()).toContain('Shipping times and tracking');
      const daily = await page.getByRole('table', { name: 'Conversations and messages per day' }).innerText();
      expect(daily).toContain(day);
      await screenshot(page, 'analytics');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download Conversations and messages as CSV' }).click(),
      ]);
      // read as a stream: the run's shared browser is a remote one, whose downloads have no local path
      const csv = (await text(await download.createReadStream())).trim().split('\r\n');
      expect(csv[0]).toBe(
        'day,conversations,escalated,ai_deflected,messages,visitor_messages,ai_messages,agent_messages,new_visitors,active_visitors,events',
      );
      expect(csv[1]).toBe(`${day},2,1,1,4,2,1,1,1,1,1`);

      // revoked in the dashboard: refused at once
      await page.goto(`${app}/dashboard/acme/settings/api-keys`);
      // the button opens its dialog from JavaScript: a click before React hydrated it does nothing
      await (await hydrated(page.getByRole('button', { name: `Revoke ${name}` }))).click();
      await page.getByRole('button', { name: 'Revoke key' }).click();
      // the dialog closes and the row offers Delete, as only a revoked key can be deleted
      await page.getByRole('button', { name: `Delete ${name}` }).waitFor();
      expect((await ingest(key, [{ type: 'event', idempotency_key: uniq('e'), name: 'after_revoke' }])).status).toBe(401);
      await page.reload();
      expect(await page.locator('[data-testid="api-key-row"]:visible').filter({ hasText: name }).innerText()).toMatch(/revoked/i);
      expect(pageErrors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'a viewer reads the analytics but cannot manage keys, conversions or summaries',
    async () => {
      const page = await newPage();
      await signInAs(page, 'Vera Rubin');
      await page.goto(`${app}/dashboard/acme/analytics?from=${day}&to=${day}&tz=UTC`);
      // visible only: while the page streams in, React holds a resolved section in a hidden copy
      expect(await page.locator('[data-testid="kpi-conversations"]:visible').getByTestId('kpi-value').innerText()).toBe('2');
      expect(await page.getByRole('button', { name: 'Summarize now' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Save conversions' }).count()).toBe(0);
      // API keys are admin-only: the 403 page, with status 403
      const refused = await page.goto(`${app}/dashboard/acme/settings/api-keys`);
      expect(refused?.status()).toBe(403);
      await page.getByRole('heading', { name: 'Admins only' }).waitFor();
      expect(await page.getByRole('button', { name: 'Create key' }).count()).toBe(0);
      expect(pageErrors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'Globex sees none of it, and an admin runs the summaries and sets a conversion',
    async () => {
      const globex = await newPage();
      await signInAs(globex, 'Hank Scorpio');
      await globex.goto(`${app}/dashboard/globex/analytics?from=${day}&to=${day}&tz=UTC`);
      expect(await globex.locator('[data-testid="kpi-conversations"]:visible').getByTestId('kpi-value').innerText()).toBe('0');
      expect(await globex.locator('[data-testid="kpi-messages"]:visible').getByTestId('kpi-value').innerText()).toBe('0');

      const page = await newPage();
      await signInAs(page, 'Grace Hopper');
      await page.goto(`${app}/dashboard/acme/analytics?from=${day}&to=${day}&tz=UTC`);
      // the forms submit through JavaScript once hydrated (before that they post the whole page)
      await hydrated(page.getByRole('button', { name: 'Save conversions' }));
      await page.getByLabel('Conversions', { exact: true }).fill('Browser signup: browser_signup -> browser_signup');
      await page.getByRole('button', { name: 'Save conversions' }).click();
      await page.getByText('Saved 1 conversion.').waitFor();
      await page.reload();
      expect(await page.getByRole('table', { name: 'Conversion rates' }).innerText()).toContain('Browser signup');
      await (await hydrated(page.getByRole('button', { name: 'Summarize now' }))).click();
      await page.getByText(/^(Summarized \d+ conversation|Nothing new|No finished conversation)/).waitFor();
      await screenshot(page, 'analytics-admin');
      expect(pageErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
