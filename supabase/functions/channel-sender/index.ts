import { z } from 'zod';
import { bearer, isCronSecret } from '../_shared/cron.ts';
import { env } from '../_shared/env.ts';
import { serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';
import { markdownToText } from '../_shared/markdown.ts';
import { type Db, orNull, serviceClient } from '../_shared/supabase.ts';

// Delivers the channel outbox (public.channel_messages, direction 'out'): agent and assistant
// replies on Facebook and Zalo conversations. Called by the scheduler with the cron secret, as
// email-sender is. Each row is claimed under a lease, sent through the platform, and marked:
// sent with the platform's message id, or retried with backoff (rate limits, the platform's own
// failures), or failed at once with the platform's error when a retry cannot help (window
// closed, token rejected). The thread shows that status and error.
// Agents and the assistant write Markdown; Messenger and Zalo show plain text, so the body goes
// out as readable text (_shared/markdown.ts: markers dropped, lists and links kept).
//
// Windows: Messenger allows a standard reply (messaging_type RESPONSE) within 24 hours of the
// customer's last message, and a person's reply tagged HUMAN_AGENT within 7 days; the assistant
// gets no tag. Zalo's customer-service message is allowed within 7 days of the user's last
// interaction. Outside them nothing is sent and the row fails with window_closed.
//
// Tokens: opened with CHANNEL_TOKEN_KEY through public.channel_credentials. A Zalo access token
// (25 hours) close to expiry is refreshed first with OAuth v4's single-use refresh token; a
// rejected token or a failed refresh marks the integration needs_reconnect for its admins.
// Service role, for the channel_* RPCs only (listed in SECURITY.md).

const bodySchema = z.strictObject({ limit: z.number().int().min(1).max(100).optional() });

const HOUR = 3600_000;
const TIME_BUDGET_MS = 40_000;
const REFRESH_MARGIN_MS = 10 * 60_000;
// the scheduled pass renews Zalo tokens this far ahead of their expiry (the cron runs every minute)
const REFRESH_AHEAD = '1 hour';

interface Row {
  message_id: string;
  integration_id: string;
  platform: 'facebook' | 'zalo';
  page_id: string;
  customer_id: string;
  body: string;
  sender_type: string;
  last_customer_message_at: string | null;
}

type Outcome =
  | { sent: true; id: string }
  | { sent: false; code: string; message: string; retry: boolean; reconnect?: boolean };

const graphUrl = () => (Deno.env.get('FACEBOOK_GRAPH_URL') || 'https://graph.facebook.com/v21.0').replace(/\/+$/, '');
const zaloApiUrl = () => (Deno.env.get('ZALO_OPENAPI_URL') || 'https://openapi.zalo.me').replace(/\/+$/, '');
const zaloOauthUrl = () => (Deno.env.get('ZALO_OAUTH_URL') || 'https://oauth.zaloapp.com').replace(/\/+$/, '');

function windowClosed(limit: string): Outcome {
  return { sent: false, code: 'window_closed', message: `The customer last wrote more than ${limit} ago: the platform no longer accepts a reply`, retry: false };
}

async function sendFacebook(row: Row, token: string, since: number): Promise<Outcome> {
  let policy: Record<string, string>;
  if (since <= 24 * HOUR) policy = { messaging_type: 'RESPONSE' };
  else if (since <= 7 * 24 * HOUR && row.sender_type === 'agent') policy = { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  else return windowClosed(row.sender_type === 'agent' ? '7 days' : '24 hours');
  const res = await fetch(`${graphUrl()}/${row.page_id}/messages?access_token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ recipient: { id: row.customer_id }, ...policy, message: { text: markdownToText(row.body).slice(0, 2000) } }),
  });
  const answer = (await res.json().catch(() => ({}))) as {
    message_id?: string;
    error?: { message?: string; code?: number; error_subcode?: number };
  };
  if (res.ok && answer.message_id) return { sent: true, id: answer.message_id };
  const e = answer.error ?? {};
  const code = `${e.code ?? res.status}${e.error_subcode ? `/${e.error_subcode}` : ''}`;
  const message = e.message ?? `Graph API answered ${res.status}`;
  // 190: the page token is invalid or expired (password change, app removed, permissions revoked)
  if (e.code === 190 || e.code === 102) return { sent: false, code, message, retry: false, reconnect: true };
  // 4, 32, 613: rate limits; 1, 2: temporary Graph failures; 5xx: retry later
  const transient = res.status >= 500 || [1, 2, 4, 32, 613].includes(e.code ?? 0);
  return { sent: false, code, message, retry: transient };
}

async function sendZalo(row: Row, token: string, since: number): Promise<Outcome> {
  if (since > 7 * 24 * HOUR) return windowClosed('7 days');
  const res = await fetch(`${zaloApiUrl()}/v3.0/oa/message/cs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', access_token: token },
    body: JSON.stringify({ recipient: { user_id: row.customer_id }, message: { text: markdownToText(row.body).slice(0, 2000) } }),
  });
  const answer = (await res.json().catch(() => ({}))) as { error?: number; message?: string; data?: { message_id?: string } };
  if (res.ok && answer.error === 0 && answer.data?.message_id) return { sent: true, id: answer.data.message_id };
  const code = String(answer.error ?? res.status);
  const message = answer.message ?? `Zalo OpenAPI answered ${res.status}`;
  // -216: the access token is invalid or expired
  if (answer.error === -216) return { sent: false, code, message, retry: false, reconnect: true };
  return { sent: false, code, message, retry: res.status >= 500 || answer.error === -32 };
}

/** OAuth v4 refresh; the refresh token is single-use, so both tokens are stored again. */
async function refreshZalo(client: Db, integration: string, refreshToken: string): Promise<string | null> {
  const res = await fetch(`${zaloOauthUrl()}/v4/oa/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', secret_key: env('ZALO_APP_SECRET') },
    body: new URLSearchParams({ refresh_token: refreshToken, app_id: env('ZALO_APP_ID'), grant_type: 'refresh_token' }),
  });
  const answer = (await res.json().catch(() => ({}))) as {
    access_token?: string;
    refresh_token?: string;
    expires_in?: string | number;
    error?: number;
    error_description?: string;
  };
  if (!res.ok || !answer.access_token || !answer.refresh_token) {
    await client.rpc('channel_needs_reconnect', {
      p_integration: integration,
      p_reason: `Zalo refused to refresh the token: ${answer.error_description ?? answer.error ?? res.status}`,
    });
    return null;
  }
  const { error } = await client.rpc('channel_store_tokens', {
    p_integration: integration,
    p_access_token: answer.access_token,
    p_refresh_token: answer.refresh_token,
    p_token_expires_at: new Date(Date.now() + Number(answer.expires_in ?? 90000) * 1000).toISOString(),
    p_refresh_expires_at: new Date(Date.now() + 90 * 24 * HOUR).toISOString(),
    p_key: env('CHANNEL_TOKEN_KEY'),
  });
  if (error) throw new Error(`channel_store_tokens failed: ${error.code}`);
  return answer.access_token;
}

/** The integration's usable access token: refreshed first if it is a Zalo token about to expire. */
async function accessToken(client: Db, row: Row): Promise<string | null> {
  const { data, error } = await client.rpc('channel_credentials', { p_integration: row.integration_id, p_key: env('CHANNEL_TOKEN_KEY') });
  if (error) throw new Error(`channel_credentials failed: ${error.code}`);
  const creds = data?.[0];
  if (!creds) return null;
  const expiresAt = creds.token_expires_at ? Date.parse(creds.token_expires_at) : Infinity;
  if (row.platform === 'zalo' && creds.refresh_token && expiresAt - Date.now() < REFRESH_MARGIN_MS) {
    return await refreshZalo(client, row.integration_id, creds.refresh_token);
  }
  return creds.access_token;
}

async function deliver(client: Db, row: Row): Promise<Outcome> {
  const token = await accessToken(client, row);
  if (!token) return { sent: false, code: 'needs_reconnect', message: 'The channel is disconnected or needs reconnecting', retry: false };
  const since = row.last_customer_message_at ? Date.now() - Date.parse(row.last_customer_message_at) : Infinity;
  try {
    return row.platform === 'facebook' ? await sendFacebook(row, token, since) : await sendZalo(row, token, since);
  } catch (error) {
    return { sent: false, code: 'network', message: error instanceof Error ? error.message.slice(0, 200) : 'network error', retry: true };
  }
}

serve({ name: 'channel-sender', methods: ['POST'], maxBytes: 1024 }, async (ctx) => {
  const token = bearer(ctx.request);
  if (!token || !(await isCronSecret(token))) {
    return jsonError(401, 'unauthorized', 'Invalid or missing credentials', { 'WWW-Authenticate': 'Bearer' });
  }
  const opts = await ctx.json(bodySchema, { empty: {} });
  const client = serviceClient();
  const deadline = Date.now() + TIME_BUDGET_MS;
  const tally = { sent: 0, retried: 0, failed: 0, refreshed: 0, reconnect: 0 };

  // Zalo tokens that lapse within the hour are renewed now, whether or not a reply is waiting:
  // a refresh token unused for three months dies, and an OA nobody answered for a day would
  // otherwise come back with an expired access token. A failed refresh marks the OA
  // needs_reconnect, which emails its admins.
  const { data: expiring, error: expiringError } = await client.rpc('channel_expiring_tokens', { p_within: REFRESH_AHEAD });
  if (expiringError) return ctx.rpcError(expiringError);
  for (const { integration_id, platform } of expiring ?? []) {
    if (platform !== 'zalo') continue;
    const { data, error } = await client.rpc('channel_credentials', { p_integration: integration_id, p_key: env('CHANNEL_TOKEN_KEY') });
    if (error) return ctx.rpcError(error);
    const refreshToken = data?.[0]?.refresh_token;
    if (!refreshToken) continue;
    try {
      if (await refreshZalo(client, integration_id, refreshToken)) tally.refreshed += 1;
      else tally.reconnect += 1;
    } catch (error) {
      // Zalo unreachable: the token is still valid for a while and the next run tries again
      ctx.log('zalo refresh failed', error instanceof Error ? error.name : 'error');
    }
  }

  while (Date.now() < deadline) {
    const { data, error } = await client.rpc('channel_outbox_claim', { p_limit: opts.limit ?? 20 });
    if (error) return ctx.rpcError(error);
    const rows = (data ?? []) as Row[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const outcome = await deliver(client, row);
      if (!outcome.sent && outcome.reconnect) {
        await client.rpc('channel_needs_reconnect', { p_integration: row.integration_id, p_reason: `${outcome.code}: ${outcome.message}` });
      }
      const { data: status, error: markError } = await client.rpc('channel_outbox_mark', {
        p_message: row.message_id,
        p_sent: outcome.sent,
        p_platform_message_id: orNull(outcome.sent ? outcome.id : null),
        p_error_code: orNull(outcome.sent ? null : `${row.platform}:${outcome.code}`),
        p_error_message: orNull(outcome.sent ? null : outcome.message),
        p_retry: !outcome.sent && outcome.retry,
      });
      if (markError) return ctx.rpcError(markError);
      if (status === 'sent') tally.sent += 1;
      else if (status === 'pending') tally.retried += 1;
      else tally.failed += 1;
    }
  }
  return json(tally);
});
