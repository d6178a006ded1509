import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl } from '../helpers/app';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { getInboxCounts } from '@/lib/data/conversations';
import { launchBrowser } from '@/scripts/test/browser';
import { screenshot } from '../helpers/browser';
import { createApiKey, ingest, uniq } from '../helpers/ingest';
import { ACME, USERS } from '../helpers/seed';
import { anonClient, config, keys, sql, userClient } from '../helpers/stack';
import { deleteConversation } from '../dashboard/cleanup';

/**
 * The inbox in real Chromium: the views with their counts, unread conversations and the navigation
 * badge clearing when one is opened, message search, the customer's page, and the tickets list and
 * ticket page updating by themselves. Acme's owner is the member; every conversation that exists
 * before the test is marked read for them first, so the badge counts only this test's arrivals.
 */
const ME = USERS.acmeOwner;
const acme = { id: ACME.id, slug: ACME.slug };
const word = `zb${randomUUID().replace(/-/g, '').slice(0, 10)}`;
// first visits in `next dev` compile the route; a loaded 2-core machine needs the room
const TIMEOUT = 300_000;

let app: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
const created: { conversations: string[]; visitors: string[] } = { conversations: [], visitors: [] };
let waiting: { id: string; name: string };
let answered: { id: string; name: string };

async function signedInPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  context.setDefaultTimeout(120_000);
  const cookie = await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, ME);
  await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: app, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** A conversation from the ingestion API: a named visitor, their messages, an event and an article view. */
async function arrive(key: string, bodies: string[]) {
  const chat = uniq('binbox-chat');
  const visitor = uniq('binbox-crm');
  const name = `Quinn ${randomUUID().slice(0, 6)}`;
  const res = await ingest(key, [
    { type: 'visitor', idempotency_key: uniq('v'), external_id: visitor, name },
    { type: 'chat', idempotency_key: uniq('c'), external_id: chat, visitor_external_id: visitor },
    ...bodies.map((body) => ({ type: 'message', idempotency_key: uniq('m'), chat_external_id: chat, sender_type: 'visitor', body })),
    { type: 'event', idempotency_key: uniq('e'), name: 'trial_started', visitor_external_id: visitor },
    { type: 'article_view', idempotency_key: uniq('a'), url: 'https://acme.com/help/trials', title: 'How trials work', visitor_external_id: visitor },
  ]);
  expect(res.body.failed).toBe(0);
  const [row] = await sql<{ id: string; visitor_id: string }>('select id, visitor_id from public.conversations where external_customer_id = $1', [
    chat,
  ]);
  if (!row) throw new Error(`ingest stored no conversation ${chat}`);
  created.conversations.push(row.id);
  created.visitors.push(row.visitor_id);
  return { id: row.id, name };
}

beforeAll(async () => {
  app = await appUrl();
  const key = (await createApiKey('user_acme_admin', acme, ['ingest:write'])).key;
  await sql(
    `insert into public.conversation_reads (organization_id, conversation_id, user_id, last_read_at)
     select organization_id, id, $2, now() + interval '1 minute' from public.conversations where organization_id = $1
     on conflict (conversation_id, organization_id, user_id) do update set last_read_at = excluded.last_read_at`,
    [ACME.id, ME],
  );
  waiting = await arrive(key, [`I cannot find the ${word} setting`, 'Anyone there?']);
  answered = await arrive(key, ['Thanks, that worked']);
  // the lifecycle has its own tests: here the states are set so that each view's content is known
  await sql(`update public.conversations set state = 'needs_reply', waiting_since = now() - interval '2 hours' where id = $1`, [waiting.id]);
  // answered after an escalation: is_escalated stays true, the list must still not say "waiting for a person"
  await sql('update public.conversations set is_escalated = true where id = $1', [answered.id]);
  await sql(`update public.conversations set state = 'with_agent', waiting_since = null, assignee_id = $2 where id = $1`, [answered.id, ME]);
  [browser] = await Promise.all([launchBrowser(), warmUp()]);
}, 600_000);

/** Visit every route the tests use once, in parallel, so `next dev` compiles them up front. */
async function warmUp() {
  const cookie = `${SESSION_COOKIE}=${await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, ME)}`;
  const routes = [
    '/dashboard/acme/conversations',
    `/dashboard/acme/conversations/${waiting.id}`,
    '/dashboard/acme/tickets',
    '/dashboard/acme/tickets/ACM-001',
    `/dashboard/acme/customers/${created.visitors[0]}`,
  ];
  // best effort: a compile that outlasts fetch's own timeout is finished by the tests' first visits
  await Promise.all(
    routes.map((path) =>
      fetch(`${app}${path}`, { headers: { cookie } }).then(
        (r) => r.text(),
        () => '',
      ),
    ),
  );
}

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await sql('delete from public.events where visitor_id = any($1)', [created.visitors]);
  await sql('delete from public.article_views where visitor_id = any($1)', [created.visitors]);
  for (const id of created.conversations) await deleteConversation(id);
  await sql('delete from public.conversation_reads where user_id = $1', [ME]);
});

describe('the inbox in a browser', () => {
  it(
    'shows each view with its count, unread conversations, and the badge clearing when one is opened',
    async () => {
      const page = await signedInPage();
      await page.goto(`${app}/dashboard/acme/conversations`);
      const counts = await getInboxCounts(await userClient(ME, acme));
      const needsReply = page.getByTestId('view-needs_reply');
      await expect.poll(() => needsReply.getAttribute('aria-current')).toBe('page');
      expect(await needsReply.innerText()).toBe(`Needs reply · ${counts.needs_reply}`);
      expect(await page.getByTestId('view-mine').innerText()).toBe(`Mine · ${counts.mine}`);

      const row = page.getByTestId('conversation-row').filter({ hasText: waiting.name });
      await row.getByTestId('unread-badge').waitFor();
      expect(await row.getByTestId('unread-badge').innerText()).toBe('2 new');
      expect(await page.getByTestId('conversation-row').filter({ hasText: answered.name }).count()).toBe(0);
      const badge = page.getByTestId('nav-unread');
      expect(await badge.innerText()).toBe('2');
      await screenshot(page, 'inbox-needs-reply');

      await page.getByTestId('view-waiting_on_customer').click();
      const answeredRow = page.getByTestId('conversation-row').filter({ hasText: answered.name });
      await answeredRow.waitFor();
      // the row says where the conversation is (the lifecycle state), not that it was once escalated
      expect(await answeredRow.getByTestId('conversation-state').innerText()).toMatch(/^waiting on the customer$/i);
      await page.getByTestId('view-mine').click();
      await page.getByTestId('conversation-row').filter({ hasText: answered.name }).waitFor();

      await page.getByTestId('view-needs_reply').click();
      await row.getByRole('link', { name: waiting.name }).click();
      await page.waitForURL(new RegExp(`/conversations/${waiting.id}$`));
      await page.getByText(`I cannot find the ${word} setting`).waitFor();
      // the layout refreshes with the page (every few seconds), so the badge follows without a reload
      await expect.poll(() => badge.innerText(), { timeout: 30_000 }).toBe('1');

      await page.goto(`${app}/dashboard/acme/conversations`);
      await row.waitFor();
      expect(await row.getByTestId('unread-badge').count()).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'searches inside messages and leads to the conversation',
    async () => {
      const page = await signedInPage();
      await page.goto(`${app}/dashboard/acme/conversations`);
      await page.getByLabel('Search messages').fill(word);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/[?&]q=/);
      const results = page.getByTestId('search-result');
      await results.first().waitFor();
      expect(await results.count()).toBe(1);
      expect(await results.first().locator('mark').innerText()).toBe(word);
      await screenshot(page, 'inbox-search');
      await results.first().getByRole('link', { name: waiting.name }).click();
      await page.waitForURL(new RegExp(`/conversations/${waiting.id}$`));
    },
    TIMEOUT,
  );

  it(
    "opens the customer's page from a conversation, with their conversations, article views and events",
    async () => {
      const page = await signedInPage();
      await page.goto(`${app}/dashboard/acme/conversations/${waiting.id}`);
      await page.getByTestId('customer-page-link').click();
      await page.waitForURL(/\/dashboard\/acme\/customers\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { name: waiting.name }).waitFor();
      expect(await page.getByTestId('customer-conversation').count()).toBe(1);
      expect(await page.getByTestId('customer-event').innerText()).toContain('trial_started');
      expect(await page.getByTestId('customer-article-view').innerText()).toContain('How trials work');
      await screenshot(page, 'inbox-customer');
    },
    TIMEOUT,
  );

  it(
    'the tickets list and a ticket page update by themselves',
    async () => {
      const page = await signedInPage();
      await page.goto(`${app}/dashboard/acme/tickets`);
      await page.getByTestId('ticket-row').first().waitFor();

      const anon = anonClient();
      const { data: session } = await anon.rpc('widget_start_session', { p_website_key: 'wk_acme_support', p_origin: 'https://support.acme.com' });
      const { session_token: token, conversation_id: conversationId } = session as { session_token: string; conversation_id: string };
      created.conversations.push(conversationId);
      await anon.rpc('widget_chat_turn', { p_session_token: token, p_client_msg_id: `v_${randomUUID()}`, p_body: 'Please call me back' });
      const { data: ticket } = await anon.rpc('widget_escalate', { p_session_token: token, p_email: 'rory@example.com', p_name: 'Rory' });
      const ref = (ticket as { ticket_ref: string }).ticket_ref;
      // no reload: the list refreshes itself
      await page.getByTestId('ticket-row').filter({ hasText: ref }).waitFor({ timeout: 30_000 });

      await page.goto(`${app}/dashboard/acme/tickets/${ref}`);
      await page.getByText('Please call me back').first().waitFor();
      const late = `One more thing ${randomUUID().slice(0, 6)}`;
      await sql(`insert into public.messages (organization_id, conversation_id, sender_type, body) values ($1, $2, 'visitor', $3)`, [
        ACME.id,
        conversationId,
        late,
      ]);
      await page.getByText(late).waitFor({ timeout: 30_000 });
      expect(page.url()).toMatch(new RegExp(`/tickets/${ref}$`));
      expect(pageErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
