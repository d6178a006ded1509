import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { launchBrowser } from '@/scripts/test/browser';
import { deleteConversation } from '../dashboard/cleanup';
import { appUrl } from '../helpers/app';
import { hydrated, screenshot } from '../helpers/browser';
import { connectChannel, messengerPayload, newPlatformId, signFacebook } from '../helpers/channels';
import { type FakeChannels, startFakeChannels } from '../helpers/fake-channels';
import { startFunctionsRuntime } from '../helpers/functions-runtime';
import { ACME, USERS } from '../helpers/seed';
import { config, keys, sql } from '../helpers/stack';

/**
 * Issue 14 in real Chromium: a Messenger message, signed as Meta signs it, arrives in Acme's
 * queue with the page's name; an agent opens it (the page name and the customer's PSID shown),
 * replies, the outbox sender delivers the reply to the (fake) Graph Send API, and the thread
 * shows it sent. The Integrations page lists the page. Both pages pass axe (WCAG 2 A/AA).
 */
const page = newPlatformId();
const psid = `${Date.now()}`;
const pageName = `Acme Messenger ${page.slice(-4)}`;
const question = `Is order ${randomUUID().slice(0, 6)} shipped?`;
let app: string;
let browser: Browser;
let agent: Page;
let fake: FakeChannels;
let runtime: Awaited<ReturnType<typeof startFunctionsRuntime>>;
let conversationId = '';
const pageErrors: string[] = [];

// The page's own content: the shared shell's active NavLink fails colour-contrast on every
// dashboard page today (a shell issue, not this page's; see the channels report).
async function axe(p: Page) {
  const result = await new AxeBuilder({ page: p }).include('#main-content').withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

beforeAll(async () => {
  app = await appUrl();
  fake = await startFakeChannels();
  fake.validTokens.add('EAAB-browser');
  runtime = await startFunctionsRuntime({ FACEBOOK_GRAPH_URL: fake.graphUrl });
  await connectChannel({
    organizationId: ACME.id,
    userId: USERS.acmeOwner,
    platform: 'facebook',
    externalId: page,
    name: pageName,
    accessToken: 'EAAB-browser',
  });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(60_000);
  const cookie = await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, USERS.acmeAgent);
  await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: app, httpOnly: true, sameSite: 'Lax' }]);
  agent = await context.newPage();
  agent.on('pageerror', (error) => pageErrors.push(error.message));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await fake?.close();
  if (conversationId) await deleteConversation(conversationId);
});

describe('a Messenger conversation in the desk', { timeout: 180_000 }, () => {
  it('a customer message arrives in the queue with the page name', async () => {
    const body = JSON.stringify(messengerPayload(page, { sender: { id: psid }, message: { mid: `m_${randomUUID()}`, text: question } }));
    const res = await fetch(`${config.apiUrl}/functions/v1/facebook-webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signFacebook(body) },
      body,
    });
    expect(res.status).toBe(200);
    const [row] = await sql<{ id: string }>('select id from public.conversations where organization_id = $1 and external_customer_id = $2', [
      ACME.id,
      psid,
    ]);
    conversationId = row!.id;
    await agent.goto(`${app}/dashboard/${ACME.slug}/conversations`);
    const item = agent.getByRole('row').filter({ hasText: pageName });
    await item.waitFor();
    await expect(item.getByRole('img', { name: 'Facebook Messenger' }).count()).resolves.toBe(1);
    await screenshot(agent, 'channels-queue');
  });

  it('the agent sees the channel and the customer id, replies, and the Graph API receives it', async () => {
    await agent.goto(`${app}/dashboard/${ACME.slug}/conversations/${conversationId}`);
    await agent
      .getByTestId('conversation-channel')
      .filter({ hasText: `${pageName} · customer ${psid}` })
      .waitFor();
    await agent.getByText(question).waitFor();
    const reply = `It left this morning (${randomUUID().slice(0, 6)}).`;
    // the reply form adds its idempotency key from JavaScript: sent before hydration, it posts natively without one
    await hydrated(agent.getByRole('button', { name: 'Send reply' }));
    await agent.getByRole('textbox', { name: /^Reply/ }).fill(reply);
    await agent.getByRole('button', { name: 'Send reply' }).click();
    await agent.getByTestId('message-agent').filter({ hasText: reply }).getByTestId('delivery-status').filter({ hasText: 'Sending' }).waitFor();

    const res = await fetch(`${runtime.url}/channel-sender`, { method: 'POST', headers: { Authorization: `Bearer ${keys.cronSecret}` } });
    expect(await res.json()).toMatchObject({ sent: 1 });
    expect(fake.graphRequests.filter((r) => r.pageId === page).map((r) => r.body)).toEqual([
      { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: reply } },
    ]);

    await agent.reload();
    await agent.getByTestId('message-agent').filter({ hasText: reply }).getByTestId('delivery-status').filter({ hasText: 'Sent' }).waitFor();
    await screenshot(agent, 'channels-thread-sent');
    expect(await axe(agent)).toEqual([]);
  });

  it('the Integrations page shows an admin the page with its status and last event, and passes axe', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(60_000);
    const cookie = await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, USERS.acmeOwner);
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: app, httpOnly: true, sameSite: 'Lax' }]);
    const owner = await context.newPage();
    owner.on('pageerror', (error) => pageErrors.push(error.message));
    await owner.goto(`${app}/dashboard/${ACME.slug}/integrations`);
    const card = owner.getByRole('article', { name: pageName });
    await card.waitFor();
    await expect(card.getByTestId('integration-status').textContent()).resolves.toBe('Active');
    await expect(card.getByText(/^Last event: (?!never)/).count()).resolves.toBe(1);
    await screenshot(owner, 'channels-integrations');
    expect(await axe(owner)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
