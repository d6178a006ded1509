import { randomUUID } from 'node:crypto';
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '@/scripts/test/browser';
import { appUrl } from '../helpers/app';
import { screenshot } from '../helpers/browser';
import { deferEarlierMail, mailTo, runSender } from '../helpers/mail';
import { deleteConversation } from '../dashboard/cleanup';
import { startRealtimeService, stopRealtimeService } from '../helpers/realtime-service';
import { ACME } from '../helpers/seed';
import { anonClient, sql, userClient } from '../helpers/stack';

/**
 * The widget's live updates in Chromium on /demo/acme, against the stack's Realtime service: an
 * agent's reply arrives through the `changed` event and one fetch, with no polling request in
 * between; typing shows both ways; restarting the Realtime service mid-conversation loses no
 * message on screen (the widget polls while it is away and catches up when it rejoins). An open
 * widget keeps its visitor seen without polling, so an agent's reply is emailed only once they left.
 */
const KEY = 'wk_acme_main';
let app: string;
let browser: Browser;
let page: Page;
let restoreOrigins: (() => Promise<void>) | undefined;
const pageErrors: string[] = [];
const listeners: SupabaseClient[] = [];
const conversations: string[] = [];

/** What the page's network log shows: widget-messages requests, and the widget channel's frames. */
const net = {
  requests: [] as number[],
  inflight: 0,
  joins: 0,
  changed: [] as { at: number; kind: string }[],
};

const log = () => page.getByRole('log');
const composer = () => page.getByRole('textbox', { name: 'Message', exact: true });

async function conversationId(): Promise<string> {
  const token = await page.evaluate((key) => localStorage.getItem(`concierge:${key}`), KEY);
  const [row] = await sql<{ conversation_id: string }>(
    "select conversation_id from public.visitor_sessions where token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')",
    [token],
  );
  expect(row, 'a stored session token that the database knows').toBeDefined();
  return row!.conversation_id;
}

/** As the dashboard does: an insert through PostgREST under the agent's own token. */
async function agentReply(body: string) {
  const agent = await userClient('user_acme_agent', { id: ACME.id, slug: ACME.slug, role: 'agent' });
  await agent
    .from('messages')
    .insert({ organization_id: ACME.id, conversation_id: await conversationId(), sender_type: 'agent', client_msg_id: randomUUID(), body })
    .throwOnError();
}

/** Every widget-messages request made since the page loaded has finished. */
const settled = () => expect.poll(() => net.inflight, { timeout: 30_000 }).toBe(0);

beforeAll(async () => {
  app = await appUrl();
  const admin = await userClient('user_acme_admin', { id: ACME.id, slug: ACME.slug, role: 'admin' });
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
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const isMessages = (url: string) => url.endsWith('/functions/v1/widget-messages');
  page.on('request', (r) => {
    if (!isMessages(r.url())) return;
    net.requests.push(Date.now());
    net.inflight += 1;
  });
  const finished = (r: { url(): string }) => {
    if (isMessages(r.url())) net.inflight -= 1;
  };
  page.on('requestfinished', finished);
  page.on('requestfailed', finished);
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/realtime/v1/websocket')) return;
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const [, , topic, event, body] = JSON.parse(payload) as [unknown, unknown, string, string, Record<string, unknown>];
      if (!topic.startsWith('realtime:widget:')) return;
      if (event === 'phx_reply' && body.status === 'ok') net.joins += 1;
      if (event === 'broadcast' && body.event === 'changed')
        net.changed.push({ at: Date.now(), kind: String((body.payload as { kind?: string }).kind) });
    });
  });
  await page.goto(`${app}/demo/acme`, { timeout: 240_000 });
}, 300_000);

afterAll(async () => {
  await Promise.all(listeners.map((c) => c.removeAllChannels()));
  await browser?.close();
  await restoreOrigins?.();
  for (const id of conversations) await deleteConversation(id);
});

describe('live updates in the chat widget', { timeout: 180_000 }, () => {
  it('an agent’s reply reaches the open widget through Realtime, with no polling request in between and no reload', async () => {
    await page.getByRole('button', { name: /^Open chat/ }).click();
    await page.getByRole('dialog', { name: /^Chat with/ }).waitFor();
    await expect.poll(() => net.joins, { timeout: 60_000 }).toBeGreaterThan(0);
    await settled();
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    // polling would ask every 3 s: joined, the widget asks nothing while nothing changes
    const quiet = net.requests.length;
    await page.waitForTimeout(3500);
    expect(net.requests.length, 'no polling while the channel is joined').toBe(quiet);

    const sentAt = Date.now();
    await agentReply('Live from the desk: your parcel left this morning.');
    await log().locator('.row.agent').filter({ hasText: 'Live from the desk' }).waitFor({ timeout: 30_000 });
    await settled();

    const events = net.changed.filter((e) => e.at >= sentAt);
    const requests = net.requests.slice(quiet);
    expect(events.map((e) => e.kind)).toContain('message');
    // every request after the reply followed a `changed` event: fetched because told, never polled
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.length).toBeLessThanOrEqual(events.length);
    for (const at of requests) expect(at).toBeGreaterThanOrEqual(events[0]!.at);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(page, 'widget-live-reply');
  });

  it('shows “is typing” while the agent types, and tells the agent when the visitor types', async () => {
    const [row] = await sql<{ widget_topic: string }>('select widget_topic from public.conversations where id = $1', [await conversationId()]);
    const desk = anonClient();
    listeners.push(desk);
    const heard: unknown[] = [];
    const channel: RealtimeChannel = desk.channel(`widget:${row!.widget_topic}`);
    channel.on('broadcast', { event: 'typing' }, (m) => heard.push(m.payload));
    await new Promise<void>((resolve) => channel.subscribe((s) => s === 'SUBSCRIBED' && resolve()));

    expect(await channel.send({ type: 'broadcast', event: 'typing', payload: { from: 'agent' } })).toBe('ok');
    const typing = page.getByRole('status').filter({ hasText: 'is typing' });
    await typing.waitFor({ timeout: 15_000 });
    expect(await typing.textContent()).toBe('Alan is typing…');
    await screenshot(page, 'widget-live-typing');

    await composer().pressSequentially('Thanks');
    await expect.poll(() => heard, { timeout: 15_000 }).toContainEqual({ from: 'visitor' });
    // throttled: six keystrokes, far fewer events
    expect(heard.length).toBeLessThanOrEqual(2);
    await composer().fill('');
  });

  it('loses no message on screen when the Realtime service restarts mid-conversation', async () => {
    const joined = net.joins;
    await stopRealtimeService();
    try {
      await agentReply('Sent while Realtime was away.');
    } finally {
      await startRealtimeService();
    }
    await expect.poll(() => net.joins, { timeout: 90_000 }).toBeGreaterThan(joined);
    await agentReply('Sent after Realtime came back.');

    const replies = log().locator('.row.agent');
    await replies.filter({ hasText: 'Sent after Realtime came back.' }).waitFor({ timeout: 30_000 });
    const texts = (await replies.locator('.msg').allTextContents()).map((t) => t.trim());
    expect(texts).toEqual(['Live from the desk: your parcel left this morning.', 'Sent while Realtime was away.', 'Sent after Realtime came back.']);
    await screenshot(page, 'widget-live-after-restart');
    expect(pageErrors).toEqual([]);
  });

  it('an open widget keeps its visitor seen, so an agent’s reply is not emailed; after the visitor left, the next one is', async () => {
    await deferEarlierMail();
    const email = `seen.${randomUUID().slice(0, 8)}@example.com`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const visitor = await context.newPage();
    visitor.on('pageerror', (error) => pageErrors.push(error.message));
    let joins = 0;
    visitor.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        if (typeof payload === 'string' && payload.includes('"realtime:widget:') && payload.includes('"phx_reply"') && payload.includes('"ok"'))
          joins += 1;
      }),
    );
    // the page's clock under the test's hand: the widget's 45 s heartbeat without waiting 45 s
    await visitor.clock.install();
    await visitor.goto(`${app}/demo/acme`, { timeout: 240_000 });
    await visitor.getByRole('button', { name: /^Open chat/ }).click();
    await visitor.getByRole('dialog', { name: /^Chat with/ }).waitFor();
    await expect.poll(() => joins, { timeout: 60_000 }).toBeGreaterThan(0);
    const token = await visitor.evaluate((key) => localStorage.getItem(`concierge:${key}`), KEY);
    const [session] = await sql<{ conversation_id: string; visitor_id: string }>(
      "select conversation_id, visitor_id from public.visitor_sessions where token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')",
      [token],
    );
    const id = session!.conversation_id;
    conversations.push(id);
    await sql('update public.visitors set email = $1 where id = $2', [email, session!.visitor_id]);
    const seenAgo = async () =>
      Number(
        (
          await sql<{ s: number }>(
            'select extract(epoch from now() - last_seen_at)::int as s from public.visitor_sessions where conversation_id = $1',
            [id],
          )
        )[0]!.s,
      );
    const reply = async (body: string) => {
      const agent = await userClient('user_acme_agent', { id: ACME.id, slug: ACME.slug, role: 'agent' });
      await agent
        .from('messages')
        .insert({ organization_id: ACME.id, conversation_id: id, sender_type: 'agent', client_msg_id: randomUUID(), body })
        .throwOnError();
      // due now instead of in three minutes (the wait for a visitor to come back)
      await sql(
        `update public.email_outbox set not_before = now() where kind = 'agent_reply' and status = 'pending' and payload ->> 'conversation_id' = $1`,
        [id],
      );
    };
    const outbox = () =>
      sql<{ status: string; last_error: string | null }>(
        `select status, last_error from public.email_outbox where kind = 'agent_reply' and payload ->> 'conversation_id' = $1 order by created_at`,
        [id],
      );

    // minutes pass with the chat open (the channel joined, so no polling): the heartbeat keeps the visitor seen
    await sql(`update public.visitor_sessions set last_seen_at = now() - interval '10 minutes' where conversation_id = $1`, [id]);
    await visitor.clock.fastForward(46_000);
    await expect.poll(seenAgo, { timeout: 30_000 }).toBeLessThan(60);
    await reply('Watching it live: your parcel is at the depot.');
    await runSender();
    expect(await outbox()).toEqual([{ status: 'skipped', last_error: 'visitor on the page' }]);

    // the visitor closes the page; minutes later the agent replies again: that one is emailed
    await context.close();
    // a widget call already on its way when the page closed still marks the visitor seen: back-date
    // until a second passes with nothing touching the session any more
    await expect
      .poll(
        async () => {
          await sql(`update public.visitor_sessions set last_seen_at = now() - interval '10 minutes' where conversation_id = $1`, [id]);
          await new Promise((resolve) => setTimeout(resolve, 1000));
          return seenAgo();
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(500);
    await reply('Your parcel left the depot.');
    await runSender();
    expect(await outbox()).toEqual([
      { status: 'skipped', last_error: 'visitor on the page' },
      { status: 'sent', last_error: null },
    ]);
    const mails = await mailTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Your parcel left the depot.');
    expect(pageErrors).toEqual([]);
  });
});
