import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '@/scripts/test/browser';
import { appUrl } from '../helpers/app';
import { expectAccessible } from '../helpers/axe';
import { screenshot, waitForHydration } from '../helpers/browser';
import { ACME } from '../helpers/seed';
import { sql } from '../helpers/stack';

/**
 * The Webhooks page (issue 17) in Chromium: a real 403 for an agent; an admin is refused a
 * non-https URL, adds an endpoint and sees its secret once, sees a failed delivery with the
 * receiver's status and answer, and redelivers it by hand. The page passes axe.
 */
let app: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
const TIMEOUT = 240_000;
const hookUrl = `https://hooks-${randomUUID().slice(0, 8)}.example.com/concierge`;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  context.setDefaultTimeout(90_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

async function signInAs(page: Page, name: string) {
  await page.goto(`${app}/sign-in`);
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${name}`) }).click();
  await page.waitForURL(/\/dashboard(\/|$)/);
}

beforeAll(async () => {
  app = await appUrl();
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await sql('delete from public.webhook_endpoints where url = $1', [hookUrl]);
});

describe('the Webhooks page', () => {
  it(
    'refuses an agent with a 403; an admin adds an endpoint, sees its secret once, and redelivers a failed delivery',
    async () => {
      const agent = await newPage();
      await signInAs(agent, 'Alan Turing');
      const refused = await agent.goto(`${app}/dashboard/acme/webhooks`);
      expect(refused?.status()).toBe(403);

      const admin = await newPage();
      await signInAs(admin, 'Grace Hopper');
      const res = await admin.goto(`${app}/dashboard/acme/webhooks`);
      expect(res?.status()).toBe(200);
      const form = admin.getByRole('form', { name: 'Add a webhook endpoint' });
      await waitForHydration(admin, 'form[aria-label="Add a webhook endpoint"]');

      await form.getByLabel('Endpoint URL').fill('http://10.0.0.1/hooks');
      await form.getByRole('button', { name: 'Add endpoint' }).click();
      await form.getByText('Use an https:// URL').waitFor();

      await form.getByLabel('Endpoint URL').fill(hookUrl);
      await form.getByLabel('Description').fill('Browser test receiver');
      await form.getByLabel(/Conversation created/).check();
      await form.getByRole('button', { name: 'Add endpoint' }).click();
      const secret = admin.getByTestId('webhook-secret-value');
      await secret.waitFor();
      const value = (await secret.textContent()) ?? '';
      expect(value).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      const card = admin.getByTestId('webhook-endpoint').filter({ hasText: hookUrl });
      await card.getByText(`…${value.slice(-4)}`).waitFor();

      // an event queues a delivery; the receiver (as the sender recorded it) answered 500 six times
      const [endpoint] = await sql<{ id: string }>('select id from public.webhook_endpoints where url = $1', [hookUrl]);
      await sql(`insert into public.conversations (organization_id, website_id) values ($1, $2)`, [ACME.id, ACME.websites.main]);
      const [delivery] = await sql<{ id: string }>(
        `update public.webhook_deliveries set status = 'failed', attempts = 6, response_status = 500, response_excerpt = 'receiver exploded',
           error_message = 'The receiver answered 500', next_attempt_at = null
         where endpoint_id = $1 returning id`,
        [endpoint!.id],
      );
      await admin.reload();
      const row = admin.getByTestId('webhook-delivery').filter({ hasText: delivery!.id });
      await row.getByText('failed').waitFor();
      await row.getByText('500', { exact: true }).waitFor();
      await row.getByText('The receiver answered 500').waitFor();
      expect(await admin.getByTestId('webhook-secret-value').count()).toBe(0);
      await expectAccessible(admin, 'webhooks');
      await screenshot(admin, 'webhooks');

      await waitForHydration(admin, '[data-testid="webhook-delivery"] form');
      await row.getByRole('button', { name: 'Redeliver' }).click();
      await row.getByText('pending').waitFor();
      const [after] = await sql<{ status: string; attempts: number }>('select status::text, attempts from public.webhook_deliveries where id = $1', [
        delivery!.id,
      ]);
      expect(after).toEqual({ status: 'pending', attempts: 0 });
      expect(pageErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
