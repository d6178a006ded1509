import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl } from '../helpers/app';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { launchBrowser } from '@/scripts/test/browser';
import { hydrated, screenshot } from '../helpers/browser';
import { ACME, USERS } from '../helpers/seed';
import { config, keys, sql, userClient } from '../helpers/stack';
import { deleteConversation } from '../dashboard/cleanup';

/**
 * Issue 12 in real Chromium: a visitor rates the assistant's answer with the widget's thumbs (the
 * rating is stored and can be changed), and an agent finds a resolved conversation's proposal on
 * the Proposals page, which passes the axe check, and approves it into a draft article.
 */
const KEY = 'wk_acme_main';
let app: string;
let browser: Browser;
let visitor: Page;
let agent: Page;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
const conversations: string[] = [];
const articles: string[] = [];
let restoreOrigins: (() => Promise<void>) | undefined;

async function newPage(visitorSite: boolean): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  context.setDefaultTimeout(60_000);
  // the customer's page never reloads on next's live-reload socket
  if (visitorSite) await context.routeWebSocket(/\/_next\/(webpack-)?hmr/, () => undefined);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/**
 * Serious and critical WCAG 2 A/AA violations in the page's main content (the project's axe bar).
 * The dashboard shell's navigation is left to the shell's own check: its active link's contrast
 * is a known shell issue, not this page's.
 */
async function axeViolations(page: Page) {
  const result = await new AxeBuilder({ page }).include('main').withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

beforeAll(async () => {
  app = await appUrl();
  const admin = await userClient(USERS.acmeOwner, { id: ACME.id, slug: ACME.slug, role: 'owner' });
  const { data: site } = await admin.from('websites').select('id, allowed_origins').eq('public_key', KEY).single().throwOnError();
  const origin = new URL(app).origin;
  restoreOrigins = async () => {
    await admin.from('websites').update({ allowed_origins: site.allowed_origins }).eq('id', site.id).throwOnError();
  };
  if (!site.allowed_origins.includes(origin)) {
    await admin
      .from('websites')
      .update({ allowed_origins: [...site.allowed_origins, origin] })
      .eq('id', site.id)
      .throwOnError();
  }
  const cookie = await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, USERS.acmeAgent);
  browser = await launchBrowser();
  [visitor, agent] = await Promise.all([newPage(true), newPage(false)]);
  await agent.context().addCookies([{ name: SESSION_COOKIE, value: cookie, url: app, httpOnly: true, sameSite: 'Lax' }]);
  await visitor.goto(`${app}/demo/acme`, { timeout: 240_000 });
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await restoreOrigins?.();
  for (const id of conversations) await deleteConversation(id);
  if (articles.length > 0) await sql('delete from public.articles where id = any($1)', [articles]);
});

describe('answer feedback and article proposals', { timeout: 180_000 }, () => {
  it('the visitor rates an answer with the thumbs, and changes the rating', async () => {
    await visitor.getByRole('button', { name: /^Open chat/ }).click();
    const composer = visitor.getByRole('textbox', { name: 'Message', exact: true });
    await composer.fill('How long does shipping take?');
    await composer.press('Enter');
    const answer = visitor.getByRole('log').locator('.row.ai').filter({ hasText: 'Sources: Shipping times and tracking' });
    await answer.waitFor({ timeout: 90_000 });
    const rating = answer.getByRole('group', { name: 'Was this answer helpful?' });
    await rating.getByRole('button', { name: 'Helpful', exact: true }).click();
    await answer.locator('button[aria-pressed="true"]').filter({ hasText: 'Helpful' }).waitFor();
    await answer.getByRole('button', { name: 'Not helpful' }).click();
    await answer.locator('button[aria-pressed="true"]').filter({ hasText: 'Not helpful' }).waitFor();
    await screenshot(visitor, 'widget-answer-rated');

    const rows = await sql<{ rating: number; conversation_id: string }>(
      `select f.rating, f.conversation_id from public.answer_feedback f join public.messages m on m.id = f.message_id
       where m.body = $1 and f.created_at > now() - interval '5 minutes' order by f.updated_at desc limit 1`,
      [(await answer.locator('.msg').textContent()) ?? ''],
    );
    expect(rows[0]?.rating).toBe(-1);
    conversations.push(rows[0]!.conversation_id);
  });

  it('an agent approves a proposal from a resolved conversation on an accessible page', async () => {
    const question = `Can I change the delivery address after ordering? (${Date.now()})`;
    const [conv] = await sql<{ id: string }>(
      `insert into public.conversations (organization_id, website_id, status) values ($1, 'a1000000-0000-4000-8000-000000000001', 'open') returning id`,
      [ACME.id],
    );
    conversations.push(conv!.id);
    await sql(
      `insert into public.messages (organization_id, conversation_id, sender_type, sender_id, body) values
         ($1, $2, 'visitor', null, $3), ($1, $2, 'agent', 'user_acme_agent', 'Yes, until the parcel ships: reply to the confirmation email.')`,
      [ACME.id, conv!.id, question],
    );
    await sql("update public.conversations set state = 'resolved' where id = $1", [conv!.id]);

    await agent.goto(`${app}/dashboard/acme/proposals`, { timeout: 120_000 });
    const card = agent.getByRole('article', { name: question });
    await card.waitFor();
    expect(await card.getByTestId('would-answer').textContent()).toMatch(/^Would answer \d+ escalations?$/);
    expect(await axeViolations(agent)).toEqual([]);
    await screenshot(agent, 'proposals-page');

    await hydrated(card.getByRole('button', { name: 'Approve as draft' }));
    await card.getByRole('textbox', { name: 'Title' }).fill('Changing the delivery address');
    await card.getByRole('button', { name: 'Approve as draft' }).click();
    // approved: the page refreshes and the proposal leaves the pending list
    await card.waitFor({ state: 'detached' });
    const [draft] = await sql<{ id: string; title: string; is_published: boolean }>(
      `select a.id, a.title, a.is_published from public.article_proposals p join public.articles a on a.id = p.result_article_id
       where p.conversation_id = $1`,
      [conv!.id],
    );
    articles.push(draft!.id);
    expect(draft).toMatchObject({ title: 'Changing the delivery address', is_published: false });
    expect(pageErrors).toEqual([]);
  });
});
