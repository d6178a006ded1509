import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localUserIdForEmail } from '@/lib/auth/local-users';
import { launchBrowser } from '@/scripts/test/browser';
import { appUrl } from '../helpers/app';
import { expectAccessible } from '../helpers/axe';
import { screenshot, waitForHydration } from '../helpers/browser';
import { sql } from '../helpers/stack';
import { deleteUsers } from '../dashboard/cleanup';

/**
 * Issue 12's "done when", as a new user tries it in Chromium: sign up (a workspace of their own),
 * write one article in the editor and import two Markdown files with front-matter, publish the
 * three, turn the help center on, open the organization's demo page, ask the widget what the
 * articles answer (the streamed answer cites the article and links to its help-center page), and
 * read the three articles in the public help center.
 */
let app: string;
let browser: Browser;
let context: BrowserContext;
const errors: string[] = [];
const tag = randomUUID().slice(0, 8);
const email = `kim-${tag}@bonsai-${tag}.example`;
const userId = localUserIdForEmail(email);

const repotting = `---
title: Repotting a bonsai
slug: repotting-a-bonsai
collection: Care
---
Repot a young bonsai every two years in early spring, just before the buds open. Trim a third of the roots and use fresh akadama soil.
`;
const shipping = `---
title: Shipping live trees
slug: shipping-live-trees
collection: Orders
---
# Shipping live trees

We ship live trees from Monday to Wednesday only, so they never wait in a depot over a weekend. Delivery takes two to four days.
`;

beforeAll(async () => {
  app = await appUrl();
  // production build: the first request of each route still warms it; do it under the hook's timeout
  for (const route of ['/sign-up', '/widget.js']) await (await fetch(`${app}${route}`)).text();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(90_000);
}, 300_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  // the personal organization goes with everything in it (articles, website, conversation, ticket)
  await deleteUsers([userId]);
});

async function publish(page: Page) {
  await waitForHydration(page, 'form[aria-label="Publish article"] button');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByText('Published: visitors and the assistant see it now.').waitFor();
}

describe('a new organization, as a new user tries it', { timeout: 900_000 }, () => {
  it('signs up, writes and imports three articles, publishes them, gets cited answers in its demo widget and shows them in its help center', async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));

    // 1. sign up: nobody claims the email's domain, so the user gets a workspace of their own
    await page.goto(`${app}/sign-up`);
    await waitForHydration(page, 'input[name="email"]');
    await page.getByLabel('Your name').fill('Kim Story');
    await page.getByLabel('Work email').fill(email);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/dashboard\/kim-story-[0-9a-f]{6}\/tickets$/);
    const org = new URL(page.url()).pathname.split('/')[2]!;
    const dashboard = `${app}/dashboard/${org}`;

    // 2. one article written in the editor, published by its owner
    await page.goto(`${dashboard}/knowledge`);
    await page.getByRole('link', { name: 'New article' }).click();
    await waitForHydration(page, 'form[aria-label="Article"] input[name="title"]');
    await page.getByRole('textbox', { name: 'Title' }).fill('Watering schedule for bonsai');
    expect(await page.getByRole('textbox', { name: 'Slug' }).inputValue()).toBe('watering-schedule-for-bonsai');
    await page.getByRole('combobox', { name: 'Collection' }).fill('Care');
    await page
      .getByRole('textbox', { name: 'Body (Markdown)' })
      .fill(
        '## How often to water\n\nWater your bonsai when the topsoil feels dry: every two or three days in summer, once a week in winter. Rain water is best.',
      );
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByText('Draft created.').waitFor();
    await publish(page);

    // 3. two Markdown files imported at once (front-matter: title, slug, collection), then published
    await page.goto(`${dashboard}/knowledge/import`);
    await waitForHydration(page, 'form[aria-label="Import articles"] button[type="submit"]');
    await page.locator('#import-files').setInputFiles([
      { name: 'repotting.md', mimeType: 'text/markdown', buffer: Buffer.from(repotting) },
      { name: 'shipping.md', mimeType: 'text/markdown', buffer: Buffer.from(shipping) },
    ]);
    await page.getByRole('button', { name: 'Import as drafts' }).click();
    const results = page.getByRole('table', { name: 'Import results' });
    await results.getByRole('link', { name: '/repotting-a-bonsai' }).waitFor();
    await results.getByRole('link', { name: '/shipping-live-trees' }).waitFor();
    for (const slug of ['repotting-a-bonsai', 'shipping-live-trees']) {
      const [row] = await sql<{ id: string }>(
        'select a.id from public.articles a join public.organizations o on o.id = a.organization_id where o.slug = $1 and a.slug = $2',
        [org, slug],
      );
      expect(row, `${slug} imported`).toBeDefined();
      await page.goto(`${dashboard}/knowledge/${row!.id}`);
      await publish(page);
    }
    const stored = await sql<{ slug: string; collection: string | null; is_published: boolean }>(
      'select a.slug, a.collection, a.is_published from public.articles a join public.organizations o on o.id = a.organization_id where o.slug = $1 order by a.slug',
      [org],
    );
    expect(stored).toEqual([
      { slug: 'repotting-a-bonsai', collection: 'Care', is_published: true },
      { slug: 'shipping-live-trees', collection: 'Orders', is_published: true },
      { slug: 'watering-schedule-for-bonsai', collection: 'Care', is_published: true },
    ]);

    // 4. the help center is off for a new organization: its owner turns it on
    await page.goto(`${dashboard}/settings`);
    const helpForm = page.getByRole('form', { name: 'Help center settings' });
    await waitForHydration(page, 'form[aria-label="Help center settings"] input[type="checkbox"]');
    expect(await helpForm.getByRole('switch', { name: 'Public help center' }).isChecked()).toBe(false);
    // by keyboard: the dashboard's sticky header can cover the switch wherever the page scrolled to
    await helpForm.getByRole('switch', { name: 'Public help center' }).focus();
    await page.keyboard.press('Space');
    expect(await helpForm.getByRole('switch', { name: 'Public help center' }).isChecked()).toBe(true);
    await helpForm.getByRole('button', { name: 'Save help center' }).click();
    await helpForm.getByText(`Your help center is public at /help/${org}.`).waitFor();

    // 5. sign-up created a first website; its card leads to the organization's demo page
    await page.goto(`${dashboard}/websites`);
    const card = page.getByRole('article', { name: "Kim Story's website" });
    await card.getByText(`bonsai-${tag}.example`, { exact: true }).waitFor();
    await card.getByRole('link', { name: 'Try the widget on a demo page' }).click();
    await page.waitForURL(/\/demo\/org\//);
    await page.getByRole('heading', { name: "Kim Story's website", level: 1 }).waitFor();
    // the page's own origin is not one of the website's yet: one click allows it, the page reloads
    await expectAccessible(page, 'kb-story-demo-allow');
    await waitForHydration(page, 'form[aria-label="Allow this demo page"] button');
    await page.getByRole('button', { name: `Allow ${new URL(app).origin} to run the widget` }).click();
    const open = page.getByRole('button', { name: /^Open chat/ });
    await open.waitFor();
    await page.getByText('The assistant answers from your 3 published articles.').waitFor();
    await expectAccessible(page, 'kb-story-demo');

    // 6. questions the articles answer: streamed answers that cite them, linked to the help center
    await open.click();
    await page.getByRole('dialog', { name: /^Chat with/ }).waitFor();
    const composer = page.getByRole('textbox', { name: 'Message', exact: true });
    const log = page.getByRole('log');
    await composer.fill('How often should I water my bonsai?');
    await composer.press('Enter');
    const watering = log.locator('.row.ai').filter({ hasText: 'Sources: Watering schedule for bonsai' });
    await watering.waitFor({ timeout: 60_000 });
    expect(await watering.locator('.msg').textContent()).toMatch(/topsoil|two or three days|once a week|Rain water/);
    const wateringLink = watering.getByRole('link', { name: 'Watering schedule for bonsai' });
    // to the help center of the website the widget runs on
    const site = `bonsai-${tag}.example`;
    expect(await wateringLink.getAttribute('href')).toMatch(
      new RegExp(`^${app}/help/${org}/articles/watering-schedule-for-bonsai\\?site=${site.replaceAll('.', '\\.')}(#|$)`),
    );

    await composer.fill('When do I repot a bonsai?');
    await composer.press('Enter');
    const repot = log.locator('.row.ai').filter({ hasText: 'Sources: Repotting a bonsai' });
    await repot.waitFor({ timeout: 60_000 });
    expect(await repot.locator('.msg').textContent()).toMatch(/early spring|two years|akadama/);
    await screenshot(page, 'kb-story-widget');
    // the citation opens the article in the help center (a new tab, as the widget links it)
    const [tab] = await Promise.all([context.waitForEvent('page'), repot.getByRole('link', { name: 'Repotting a bonsai' }).click()]);
    await tab.getByRole('heading', { name: 'Repotting a bonsai', level: 1 }).waitFor();
    expect(new URL(tab.url()).pathname).toBe(`/help/${org}/articles/repotting-a-bonsai`);
    expect(new URL(tab.url()).searchParams.get('site')).toBe(site);
    await tab.getByRole('link', { name: "Kim Story's website Help Center" }).first().waitFor();
    await tab.close();

    // 7. the public help center lists the three articles and opens one
    const visitor = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const help = await visitor.newPage();
      await help.goto(`${app}/help/${org}`);
      for (const title of ['Watering schedule for bonsai', 'Repotting a bonsai', 'Shipping live trees']) {
        await help.getByRole('link', { name: title }).waitFor();
      }
      await help.getByRole('link', { name: 'Shipping live trees' }).click();
      await help.waitForURL(`${app}/help/${org}/articles/shipping-live-trees`);
      await help.getByText('We ship live trees from Monday to Wednesday only').waitFor();
      await screenshot(help, 'kb-story-help-center');
    } finally {
      await visitor.close();
    }
    expect(errors).toEqual([]);
  });
});
