import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSecrets, connectChannel, newPlatformId } from '../helpers/channels';
import { type FakeChannels, startFakeChannels } from '../helpers/fake-channels';
import { startFunctionsRuntime } from '../helpers/functions-runtime';
import { ACME, USERS } from '../helpers/seed';
import { keys, sql } from '../helpers/stack';

/**
 * The channel-sender Edge Function against fake Graph and Zalo servers: an agent's reply on a
 * Messenger conversation is sent with the right messaging_type for the window, once, and marked
 * sent; a transient Graph failure is retried; a window violation or an expired token fails with
 * the platform's error (and the latter asks for a reconnect); a Zalo token close to expiry is
 * refreshed first, and a failed refresh marks the OA needs_reconnect.
 */
let fake: FakeChannels;
let runtime: Awaited<ReturnType<typeof startFunctionsRuntime>>;

beforeAll(async () => {
  fake = await startFakeChannels();
  runtime = await startFunctionsRuntime({ FACEBOOK_GRAPH_URL: fake.graphUrl, ZALO_OPENAPI_URL: fake.url, ZALO_OAUTH_URL: fake.url });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  await fake?.close();
});

async function runSender() {
  const res = await fetch(`${runtime.url}/channel-sender`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${keys.cronSecret}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { sent: number; retried: number; failed: number; refreshed: number; reconnect: number };
}

/** A channel conversation whose customer last wrote `ago` ms ago, and an agent's reply to it. */
async function replyTo(integrationId: string, platform: 'facebook' | 'zalo', ago: number, text = `Reply ${randomUUID()}`) {
  const customer = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const [conversation] = await sql<{ id: string }>(
    `insert into public.conversations (organization_id, integration_id, channel, external_customer_id)
     values ($1, $2, $3, $4) returning id`,
    [ACME.id, integrationId, platform, customer],
  );
  await sql(
    `insert into public.messages (organization_id, conversation_id, sender_type, body, created_at) values ($1, $2, 'visitor', 'Hello?', now() - make_interval(secs => $3))`,
    [ACME.id, conversation!.id, ago / 1000],
  );
  const [message] = await sql<{ id: string }>(
    `insert into public.messages (organization_id, conversation_id, sender_type, sender_id, body) values ($1, $2, 'agent', $3, $4) returning id`,
    [ACME.id, conversation!.id, USERS.acmeAgent, text],
  );
  return { customer, messageId: message!.id, text };
}

async function delivery(messageId: string) {
  const [row] = await sql<{
    status: string;
    platform_message_id: string | null;
    error_code: string | null;
    error_message: string | null;
    attempts: number;
  }>('select status::text as status, platform_message_id, error_code, error_message, attempts from public.channel_messages where message_id = $1', [
    messageId,
  ]);
  return row!;
}

const HOUR = 3600_000;

describe('the channel-sender function (Messenger)', () => {
  let integration: string;
  const page = newPlatformId();

  beforeAll(async () => {
    fake.validTokens.add('EAAB-good');
    integration = await connectChannel({
      organizationId: ACME.id,
      userId: USERS.acmeOwner,
      platform: 'facebook',
      externalId: page,
      accessToken: 'EAAB-good',
    });
  });

  it('refuses a caller without the cron secret', async () => {
    const res = await fetch(`${runtime.url}/channel-sender`, { method: 'POST', headers: { Authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
  });

  it('sends a reply within 24 hours as a RESPONSE through the Send API, once, and marks it sent', async () => {
    const reply = await replyTo(integration, 'facebook', HOUR);
    expect(await runSender()).toMatchObject({ sent: 1, failed: 0 });
    const sent = fake.graphRequests.filter((r) => r.body.recipient && (r.body.recipient as { id: string }).id === reply.customer);
    expect(sent).toEqual([
      {
        pageId: page,
        accessToken: 'EAAB-good',
        body: { recipient: { id: reply.customer }, messaging_type: 'RESPONSE', message: { text: reply.text } },
      },
    ]);
    expect(await delivery(reply.messageId)).toMatchObject({ status: 'sent', platform_message_id: expect.stringMatching(/^m_/), error_message: null });
    await runSender();
    expect(fake.graphRequests.filter((r) => (r.body.recipient as { id: string }).id === reply.customer)).toHaveLength(1);
  });

  it("sends an agent's Markdown as readable plain text: no markers, lists and links kept", async () => {
    const id = randomUUID();
    const reply = await replyTo(integration, 'facebook', HOUR, `**Done** ${id}: see [the guide](https://acme.com/guide)\n\n- step *one*`);
    await runSender();
    const sent = fake.graphRequests.find((r) => (r.body.recipient as { id: string }).id === reply.customer);
    expect((sent!.body.message as { text: string }).text).toBe(`Done ${id}: see the guide (https://acme.com/guide)\n\n- step one`);
  });

  it("tags a person's reply HUMAN_AGENT between 24 hours and 7 days, and sends nothing after 7 days", async () => {
    const tagged = await replyTo(integration, 'facebook', 3 * 24 * HOUR);
    const late = await replyTo(integration, 'facebook', 8 * 24 * HOUR);
    await runSender();
    const bodyFor = (customer: string) => fake.graphRequests.find((r) => (r.body.recipient as { id: string }).id === customer)?.body;
    expect(bodyFor(tagged.customer)).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    expect(bodyFor(late.customer)).toBeUndefined();
    expect(await delivery(late.messageId)).toMatchObject({ status: 'failed', error_code: 'facebook:window_closed' });
  });

  it('retries a transient Graph failure and then sends it once', async () => {
    fake.failNext.push('unavailable');
    const reply = await replyTo(integration, 'facebook', HOUR);
    expect(await runSender()).toMatchObject({ retried: 1 });
    expect(await delivery(reply.messageId)).toMatchObject({ status: 'pending', error_code: 'facebook:2', attempts: 1 });
    await sql('update public.channel_messages set next_attempt_at = now() where message_id = $1', [reply.messageId]);
    expect(await runSender()).toMatchObject({ sent: 1 });
    expect(await delivery(reply.messageId)).toMatchObject({ status: 'sent', attempts: 2, error_message: null });
    expect(fake.graphRequests.filter((r) => (r.body.recipient as { id: string }).id === reply.customer)).toHaveLength(2);
  });

  it("fails a window violation with the platform's error, without retrying", async () => {
    fake.failNext.push('outside_window');
    const reply = await replyTo(integration, 'facebook', HOUR);
    expect(await runSender()).toMatchObject({ failed: 1 });
    expect(await delivery(reply.messageId)).toMatchObject({
      status: 'failed',
      error_code: 'facebook:10/2018278',
      error_message: '(#10) This message is sent outside of allowed window.',
    });
  });

  it('fails on an expired page token and marks the page needs_reconnect', async () => {
    fake.failNext.push('expired_token');
    const reply = await replyTo(integration, 'facebook', HOUR);
    await runSender();
    expect(await delivery(reply.messageId)).toMatchObject({ status: 'failed', error_code: 'facebook:190/463' });
    const [row] = await sql<{ status: string; status_reason: string }>(
      'select status::text as status, status_reason from public.integrations where id = $1',
      [integration],
    );
    expect(row).toMatchObject({ status: 'needs_reconnect', status_reason: expect.stringContaining('Session has expired') });
  });
});

describe('the channel-sender function (Zalo)', () => {
  it('refreshes a token about to expire (OAuth v4), then sends the customer-service message with the new one', async () => {
    const oa = newPlatformId();
    fake.refreshTokens.set('refresh-1', { access: 'zalo-access-2', refresh: 'refresh-2' });
    const integration = await connectChannel({
      organizationId: ACME.id,
      userId: USERS.acmeOwner,
      platform: 'zalo',
      externalId: oa,
      accessToken: 'zalo-access-1',
      refreshToken: 'refresh-1',
      expiresAt: new Date(Date.now() + 2 * 60_000),
    });
    const reply = await replyTo(integration, 'zalo', HOUR);
    expect(await runSender()).toMatchObject({ sent: 1 });
    expect(fake.refreshRequests.at(-1)).toEqual({
      secretKey: channelSecrets.ZALO_APP_SECRET,
      form: { refresh_token: 'refresh-1', app_id: channelSecrets.ZALO_APP_ID, grant_type: 'refresh_token' },
    });
    expect(fake.zaloRequests.at(-1)).toEqual({
      accessToken: 'zalo-access-2',
      body: { recipient: { user_id: reply.customer }, message: { text: reply.text } },
    });
    const [creds] = await sql<{ access_token: string; refresh_token: string }>(
      'select access_token, refresh_token from public.channel_credentials($1, $2)',
      [integration, channelSecrets.CHANNEL_TOKEN_KEY],
    );
    expect(creds).toEqual({ access_token: 'zalo-access-2', refresh_token: 'refresh-2' });
    expect(await delivery(reply.messageId)).toMatchObject({ status: 'sent' });
  });

  it('marks the OA needs_reconnect when the refresh fails, and the reply fails', async () => {
    const oa = newPlatformId();
    const integration = await connectChannel({
      organizationId: ACME.id,
      userId: USERS.acmeOwner,
      platform: 'zalo',
      externalId: oa,
      accessToken: 'zalo-stale',
      refreshToken: 'refresh-revoked',
      expiresAt: new Date(Date.now() + 60_000),
    });
    const reply = await replyTo(integration, 'zalo', HOUR);
    await runSender();
    expect(await delivery(reply.messageId)).toMatchObject({ status: 'failed', error_code: 'zalo:needs_reconnect' });
    const [row] = await sql<{ status: string; status_reason: string }>(
      'select status::text as status, status_reason from public.integrations where id = $1',
      [integration],
    );
    expect(row).toMatchObject({ status: 'needs_reconnect', status_reason: expect.stringContaining('Invalid refresh token') });
  });

  it('renews a Zalo token expiring within the hour on a scheduled run, with no reply waiting', async () => {
    fake.refreshTokens.set('refresh-ahead-1', { access: 'zalo-ahead-2', refresh: 'refresh-ahead-2' });
    const integration = await connectChannel({
      organizationId: ACME.id,
      userId: USERS.acmeOwner,
      platform: 'zalo',
      externalId: newPlatformId(),
      accessToken: 'zalo-ahead-1',
      refreshToken: 'refresh-ahead-1',
      expiresAt: new Date(Date.now() + 30 * 60_000),
    });
    expect((await runSender()).refreshed).toBeGreaterThanOrEqual(1);
    const [creds] = await sql<{ access_token: string; refresh_token: string; hours: number }>(
      'select access_token, refresh_token, extract(epoch from token_expires_at - now()) / 3600 as hours from public.channel_credentials($1, $2)',
      [integration, channelSecrets.CHANNEL_TOKEN_KEY],
    );
    expect(creds).toMatchObject({ access_token: 'zalo-ahead-2', refresh_token: 'refresh-ahead-2' });
    expect(Number(creds!.hours)).toBeGreaterThan(24);
  });

  it('a failed scheduled refresh marks the OA needs_reconnect and emails every admin and owner once', async () => {
    const integration = await connectChannel({
      organizationId: ACME.id,
      userId: USERS.acmeOwner,
      platform: 'zalo',
      externalId: newPlatformId(),
      name: 'Acme Zalo alerts',
      accessToken: 'zalo-doomed',
      refreshToken: 'refresh-doomed',
      expiresAt: new Date(Date.now() + 30 * 60_000),
    });
    await runSender();
    const [row] = await sql<{ status: string; status_reason: string }>(
      'select status::text as status, status_reason from public.integrations where id = $1',
      [integration],
    );
    expect(row).toMatchObject({ status: 'needs_reconnect', status_reason: expect.stringContaining('Invalid refresh token') });
    const admins = await sql<{ email: string }>(
      `select lower(u.email) as email from public.organization_members m join public.users u on u.id = m.user_id
       where m.organization_id = $1 and m.role >= 'admin' order by 1`,
      [ACME.id],
    );
    const alerts = async () =>
      sql<{ recipient: string; context: { data: { integration_name: string; reason: string } } }>(
        `select o.recipient, private.email_context(o) as context from public.email_outbox o
         where o.kind = 'channel_alert' and o.payload ->> 'integration_id' = $1 order by o.recipient`,
        [integration],
      );
    const sent = await alerts();
    expect(sent.map((a) => a.recipient)).toEqual(admins.map((a) => a.email));
    expect(sent[0]!.context.data).toMatchObject({ integration_name: 'Acme Zalo alerts', reason: expect.stringContaining('Invalid refresh token') });
    // the same incident emails nobody again
    await runSender();
    expect(await alerts()).toHaveLength(admins.length);
  });
});
