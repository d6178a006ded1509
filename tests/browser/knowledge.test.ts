import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { launchBrowser } from '@/scripts/test/browser';
import { appUrl } from '../helpers/app';
import { hydrated, screenshot } from '../helpers/browser';
import { ACME, USERS } from '../helpers/seed';
import { config, keys, sql } from '../helpers/stack';

/**
 * The knowledge base as members use it in Chromium: an agent writes an article, previews it and
 * saves it (a version is kept), an admin publishes it, an earlier version is restored; the new
 * pages pass axe (WCAG 2 A/AA, no serious or critical violation).
 */
let app: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];
const slug = `kb-browser-${Date.now().toString(36)}`;

const session = (userId: string) => signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, userId);

async function newPage(userId: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  context.setDefaultTimeout(120_000);
  await context.addCookies([{ name: SESSION_COOKIE, value: await session(userId), url: app, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  return page;
}

async function expectAccessible(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    what,
  ).toEqual([]);
}

beforeAll(async () => {
  app = await appUrl();
  const cookie = `${SESSION_COOKIE}=${await session(USERS.acmeOwner)}`;
  for (const p of ['/dashboard/acme/knowledge', '/dashboard/acme/knowledge/new', '/dashboard/acme/knowledge/import']) {
    await (await fetch(`${app}${p}`, { headers: { cookie } })).text();
  }
  browser = await launchBrowser();
}, 1_200_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await sql('delete from public.articles where organization_id = $1 and slug = $2', [ACME.id, slug]);
});

describe('knowledge base', { timeout: 600_000 }, () => {
  it('an agent writes, previews and saves an article; an admin publishes it and restores the first version', async () => {
    const agent = await newPage(USERS.acmeAgent);
    await agent.goto(`${app}/dashboard/acme/knowledge`);
    await agent.getByRole('table', { name: 'Articles' }).waitFor();
    await expectAccessible(agent, 'the article list');
    await agent.getByRole('link', { name: 'New article' }).click();

    // the slug follows the title through React state: typed before hydration, it would not
    await hydrated(agent.getByRole('textbox', { name: 'Title' }));
    await agent.getByRole('textbox', { name: 'Title' }).fill('Loyalty points');
    // the slug follows the title until edited by hand
    expect(await agent.getByRole('textbox', { name: 'Slug' }).inputValue()).toBe('loyalty-points');
    await agent.getByRole('textbox', { name: 'Slug' }).fill(slug);
    await agent
      .getByRole('textbox', { name: 'Body (Markdown)' })
      .fill('## Earning points\n\nEvery **$1** earns one point. See [the rules](https://example.com/rules).\n\n<script>alert(1)</script>');
    await agent.getByRole('tab', { name: 'Preview' }).click();
    const preview = agent.getByRole('region', { name: 'Preview' });
    await preview.getByRole('heading', { name: 'Earning points' }).waitFor();
    expect(await preview.getByRole('link', { name: 'the rules' }).getAttribute('rel')).toBe('noopener nofollow');
    expect(await preview.locator('script').count()).toBe(0);
    expect(await preview.locator('strong').textContent()).toBe('$1');
    await expectAccessible(agent, 'the editor with its preview');
    await agent.getByRole('button', { name: 'Create draft' }).click();
    await agent.getByText('Draft created.').waitFor();
    await agent.getByText('Admins publish and unpublish articles in').waitFor();
    expect(await agent.getByRole('button', { name: 'Publish' }).count()).toBe(0);

    await agent.getByRole('tab', { name: 'Write' }).click();
    await agent.getByRole('textbox', { name: 'Body (Markdown)' }).fill('## Earning points\n\nEvery $1 earns two points.');
    await agent.getByRole('button', { name: 'Save', exact: true }).click();
    await agent.getByText('Article saved.').waitFor();
    await agent.getByRole('table', { name: 'Earlier versions' }).getByRole('link', { name: 'v1' }).waitFor();
    await screenshot(agent, 'knowledge-editor');

    const [row] = await sql<{ id: string; is_published: boolean }>(
      'select id, is_published from public.articles where organization_id = $1 and slug = $2',
      [ACME.id, slug],
    );
    expect(row!.is_published).toBe(false);

    const admin = await newPage('user_acme_admin');
    await admin.goto(`${app}/dashboard/acme/knowledge/${row!.id}`);
    await (await hydrated(admin.getByRole('button', { name: 'Publish' }))).click();
    await admin.getByText('Published: visitors and the assistant see it now.').waitFor();
    await admin.getByRole('button', { name: 'Unpublish' }).waitFor();
    expect((await sql<{ is_published: boolean }>('select is_published from public.articles where id = $1', [row!.id]))[0]!.is_published).toBe(true);

    await admin.getByRole('link', { name: 'v1' }).click();
    await admin.getByRole('region', { name: 'Version 1' }).getByText('Every $1 earns one point.').waitFor();
    await expectAccessible(admin, 'a version');
    await (await hydrated(admin.getByRole('button', { name: 'Restore this version' }))).click();
    await admin.getByText('Version 1 restored.').waitFor();
    expect(await admin.getByRole('textbox', { name: 'Body (Markdown)' }).inputValue()).toContain('Every **$1** earns one point.');
    await admin.getByRole('link', { name: 'v2' }).waitFor();

    await admin.goto(`${app}/dashboard/acme/knowledge/import`);
    await admin.getByRole('button', { name: 'Import as drafts' }).waitFor();
    await expectAccessible(admin, 'the import page');
    expect(errors).toEqual([]);
  });
});
