import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { launchBrowser } from '@/scripts/test/browser';
import { FAKE_CHANNELS_PORT } from '@/scripts/test/test-stack-env';
import { appUrl } from '../helpers/app';
import { expectAccessible } from '../helpers/axe';
import { screenshot, waitForHydration } from '../helpers/browser';
import { channelSecrets, newPlatformId } from '../helpers/channels';
import { type FakeChannels, startFakeChannels } from '../helpers/fake-channels';
import { ACME, USERS } from '../helpers/seed';
import { config, keys, sql } from '../helpers/stack';

/**
 * Issue 14's connect flow in real Chromium: Acme's owner clicks "Connect a Facebook Page", signs
 * in on the (fake) Facebook Login dialog, comes back through the app's fixed callback, ticks one
 * of their Pages, and the Integrations page shows it Active; the fake Graph API saw the code
 * exchange and the page's webhook subscription. The stack's functions reach the fakes on
 * FAKE_CHANNELS_PORT (scripts/test/test-stack-env.ts). The owner then switches the Page's "AI
 * answers" on. The pages pass axe (WCAG 2 A/AA).
 */
const userToken = `EAAU-browser-${newPlatformId()}`;
const pageA = { id: newPlatformId(), name: `Acme Browser Page ${Date.now() % 10000}`, token: `EAAP-${newPlatformId()}` };
const pageB = { id: newPlatformId(), name: 'Acme Page Not Chosen', token: `EAAP-${newPlatformId()}` };
let app: string;
let browser: Browser;
let owner: Page;
let fake: FakeChannels;
const pageErrors: string[] = [];

beforeAll(async () => {
  app = await appUrl();
  fake = await startFakeChannels({ port: FAKE_CHANNELS_PORT });
  fake.app = {
    facebookId: channelSecrets.FACEBOOK_APP_ID,
    facebookSecret: channelSecrets.FACEBOOK_APP_SECRET,
    zaloId: channelSecrets.ZALO_APP_ID,
    zaloSecret: channelSecrets.ZALO_APP_SECRET,
  };
  fake.facebookUsers.set(userToken, [pageA, pageB]);
  fake.validTokens.add(pageA.token).add(pageB.token);
  fake.dialogUser = userToken;
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(60_000);
  const cookie = await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, USERS.acmeOwner);
  await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: app, httpOnly: true, sameSite: 'Lax' }]);
  owner = await context.newPage();
  owner.on('pageerror', (error) => pageErrors.push(error.message));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await fake?.close();
  await sql('delete from public.integrations where external_id = any($1)', [[pageA.id, pageB.id]]);
});

describe('connecting a Facebook Page', { timeout: 240_000 }, () => {
  it('an owner connects a Page through the Facebook dialog and it shows Active', async () => {
    await owner.goto(`${app}/dashboard/${ACME.slug}/integrations`);
    const connect = owner.getByRole('button', { name: 'Connect a Facebook Page' });
    await connect.waitFor();
    await waitForHydration(owner, 'form:has(input[name="platform"][value="facebook"]) button');
    await connect.click();

    // the fake Login dialog, then back through /channels/callback/facebook to the page choice
    await owner.waitForURL(/\/v21\.0\/dialog\/oauth\?/);
    await owner.getByRole('link', { name: 'Continue' }).click();
    await owner.waitForURL(new RegExp(`/dashboard/${ACME.slug}/integrations/connect/facebook\\?`));
    await owner.getByRole('heading', { name: 'Connect Facebook Pages' }).waitFor();
    await expectAccessible(owner, 'channel-connect-choose', { include: '#main-content' });
    await screenshot(owner, 'channel-connect-choose');

    await waitForHydration(owner, 'form[aria-label="Choose Facebook Pages"] button[type="submit"]');
    await owner.getByRole('checkbox', { name: `${pageA.name} (${pageA.id})` }).check();
    await owner.getByRole('button', { name: 'Connect selected Pages' }).click();

    await owner.waitForURL(new RegExp(`/dashboard/${ACME.slug}/integrations$`));
    const card = owner.getByRole('article', { name: pageA.name });
    await card.waitFor();
    await expect(card.getByTestId('integration-status').textContent()).resolves.toBe('Active');
    expect(await owner.getByRole('article', { name: pageB.name }).count()).toBe(0);
    await screenshot(owner, 'channel-connect-active');
    await expectAccessible(owner, 'channel-connect-integrations', { include: '#main-content' });

    expect(fake.tokenRequests.filter((r) => r.platform === 'facebook').map((r) => r.params.redirect_uri)).toEqual([
      `${app}/channels/callback/facebook`,
    ]);
    expect(fake.subscriptions.map((s) => s.pageId)).toEqual([pageA.id]);
    const [row] = await sql<{ organization_id: string; connected_by: string }>(
      "select organization_id, connected_by from public.integrations where platform = 'facebook' and external_id = $1 and status = 'active'",
      [pageA.id],
    );
    expect(row).toEqual({ organization_id: ACME.id, connected_by: USERS.acmeOwner });
    expect(pageErrors).toEqual([]);
  });

  it('the owner switches AI answers on for the Page', async () => {
    const card = owner.getByRole('article', { name: pageA.name });
    await waitForHydration(owner, `article[aria-label="${pageA.name}"] form[aria-label="AI answers"] button[type="submit"]`);
    await card.getByRole('switch', { name: /^AI answers/ }).check();
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('AI answers are on').waitFor();
    await expectAccessible(owner, 'channel-ai-answers', { include: '#main-content' });
    const [row] = await sql<{ ai_enabled: boolean }>(
      "select ai_enabled from public.integrations where platform = 'facebook' and external_id = $1 and status = 'active'",
      [pageA.id],
    );
    expect(row).toEqual({ ai_enabled: true });
    expect(pageErrors).toEqual([]);
  });
});
