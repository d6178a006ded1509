import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '@/scripts/test/browser';
import { appUrl } from '../helpers/app';
import { screenshot } from '../helpers/browser';

/**
 * The public help center on a phone-sized screen, signed out: the list by collection, a search,
 * an article with its sections, and no serious or critical accessibility violation on any of them.
 */
let app: string;
let browser: Browser;
let context: BrowserContext;
const pageErrors: string[] = [];
const TIMEOUT = 240_000;

beforeAll(async () => {
  app = await appUrl();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(60_000);
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

async function axeViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

describe('the public help center in a browser', () => {
  it(
    'lists the articles, finds one by search, shows it with its sections, all readable on a phone and accessible',
    async () => {
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));

      await page.goto(`${app}/help/acme`);
      // the list streams in behind its loading skeleton, and React may reveal it a moment after the load event
      await page.getByRole('heading', { level: 1, name: 'How can we help?' }).waitFor();
      await page.getByRole('link', { name: 'How to reset your password' }).waitFor();
      expect(await page.getByText('Exporting your data').count()).toBe(0);
      // nothing wider than the phone's screen
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'help-center-home');

      await page.getByRole('searchbox', { name: 'Search the help center' }).fill('backup codes');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/\/help\/acme\?q=backup/);
      await page.getByRole('heading', { level: 1, name: /Results for/ }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Two-factor authentication' }).click();

      await page.waitForURL(/\/help\/acme\/articles\/two-factor-authentication$/);
      await page.getByRole('heading', { level: 1, name: 'Two-factor authentication' }).waitFor();
      expect(await page.locator('h2#lost-your-phone').innerText()).toBe('Lost your phone');
      expect(await page.title()).toBe('Two-factor authentication · Acme Corp Help Center');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'help-center-article');

      expect(pageErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
