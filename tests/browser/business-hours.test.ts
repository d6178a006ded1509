import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '@/scripts/test/browser';
import { appUrl } from '../helpers/app';
import { expectAccessible } from '../helpers/axe';
import { screenshot, waitForHydration } from '../helpers/browser';
import { ACME } from '../helpers/seed';
import { sql, userClient } from '../helpers/stack';

/**
 * Issue 17, business hours and offline mode: an Acme admin turns business hours on and makes today
 * a holiday on the Business hours page; a visitor on Acme's demo page then meets the widget's away
 * banner with the day the team is back, the assistant still answers, and asking for a person
 * collects the email and says the team will reply when back. Today is a holiday in New York, so
 * the team is closed whatever the clock says. Everything goes back as found.
 */
const KEY = 'wk_acme_main';
const TIMEOUT = 240_000;
const HOLIDAY = 'Inventory day (test)';
let app: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let restore: (() => Promise<void>) | undefined;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'America/New_York' });
  contexts.push(context);
  context.setDefaultTimeout(90_000);
  await context.routeWebSocket(/\/_next\/(webpack-)?hmr/, () => undefined);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** Today's date in New York, Acme's time zone, as the date input takes it (YYYY-MM-DD). */
const todayInNewYork = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());

beforeAll(async () => {
  app = await appUrl();
  browser = await launchBrowser();
  const admin = await userClient('user_acme_admin', { id: ACME.id, slug: ACME.slug, role: 'admin' });
  const { data: site } = await admin.from('websites').select('id, allowed_origins').eq('public_key', KEY).single().throwOnError();
  const [hours] = await sql<{ enabled: boolean; time_zone: string; offline_message: string | null }>(
    'select enabled, time_zone, offline_message from public.business_hours where organization_id = $1',
    [ACME.id],
  );
  restore = async () => {
    await admin.from('websites').update({ allowed_origins: site.allowed_origins }).eq('id', site.id).throwOnError();
    await sql('update public.business_hours set enabled = $2, time_zone = $3, offline_message = $4 where organization_id = $1', [
      ACME.id,
      hours!.enabled,
      hours!.time_zone,
      hours!.offline_message,
    ]);
    await sql('delete from public.holidays where organization_id = $1 and name = $2', [ACME.id, HOLIDAY]);
  };
  const origin = new URL(app).origin;
  if (!site.allowed_origins.includes(origin)) {
    await admin
      .from('websites')
      .update({ allowed_origins: [...site.allowed_origins, origin] })
      .eq('id', site.id)
      .throwOnError();
  }
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await restore?.();
});

describe('business hours and offline mode', () => {
  it(
    'an admin makes today a holiday; the widget says when the team is back, still answers, and takes a hand-over by email',
    async () => {
      const admin = await newPage();
      await admin.goto(`${app}/sign-in`);
      await admin.getByRole('button', { name: /^Sign in as Grace/ }).click();
      await admin.waitForURL(/\/dashboard(\/|$)/);
      await admin.goto(`${app}/dashboard/acme/business-hours`);
      await waitForHydration(admin, 'form[aria-label="Business hours"]');
      await expectAccessible(admin, 'business hours page');

      const holiday = admin.getByRole('form', { name: 'Add a holiday' });
      await holiday.getByLabel('Date').fill(todayInNewYork());
      await holiday.getByLabel('Name').fill(HOLIDAY);
      await holiday.getByRole('button', { name: /add/i }).click();
      await admin.getByRole('button', { name: `Remove ${HOLIDAY}` }).waitFor();

      const form = admin.getByRole('form', { name: 'Business hours' });
      await form.getByRole('switch', { name: 'Use business hours' }).check();
      await form.getByRole('button', { name: 'Save business hours' }).click();
      await expect
        .poll(
          async () =>
            (await sql<{ enabled: boolean }>('select enabled from public.business_hours where organization_id = $1', [ACME.id]))[0]?.enabled,
          {
            timeout: 30_000,
          },
        )
        .toBe(true);
      await admin.reload();
      await expect.poll(() => admin.getByTestId('team-hours-status').filter({ visible: true }).textContent()).toMatch(/^Closed — back /);
      await screenshot(admin, 'business-hours-page');

      const visitor = await newPage();
      await visitor.goto(`${app}/demo/acme`, { timeout: TIMEOUT });
      await visitor.getByRole('button', { name: 'Open chat' }).click();
      const dialog = visitor.getByRole('dialog', { name: /^Chat with / });
      await dialog.waitFor();
      const away = dialog.getByText(/^We're away — back /);
      await away.waitFor();
      // the holiday is today, so the team is back on a later day, named in the banner
      expect(await away.textContent()).toMatch(/Mon|Tue|Wed|Thu|Fri/);
      await expectAccessible(visitor, 'widget away', { include: 'concierge-widget' });

      const composer = dialog.getByRole('textbox', { name: 'Message' });
      await composer.fill('How long does shipping take?');
      await composer.press('Enter');
      await dialog.locator('.row.ai').filter({ hasText: 'Sources:' }).waitFor({ timeout: 60_000 });

      // the assistant's answer may offer a person too: the header's button is the first
      await dialog.getByRole('button', { name: 'Talk to a human' }).first().click();
      await dialog.getByRole('textbox', { name: 'Email (required)' }).fill('after.hours@example.com');
      await dialog.getByRole('button', { name: 'Request a human' }).click();
      await dialog.getByText(/^Our team is away: they will reply when back \(/).waitFor({ timeout: 60_000 });
      await screenshot(visitor, 'widget-away-handover');

      const tickets = await sql<{ ref: string }>('select ref from public.tickets where organization_id = $1 and customer_email = $2', [
        ACME.id,
        'after.hours@example.com',
      ]);
      expect(tickets).toHaveLength(1);
      expect(pageErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
