import { z } from 'zod';
import {
  type Caller,
  callbackUrl,
  checkState,
  facebookDialogUrl,
  graphUrl,
  newState,
  openGrant,
  pkce,
  type Platform,
  sealGrant,
  zaloApiUrl,
  zaloOauthUrl,
} from '../_shared/channel-oauth.ts';
import { platformId } from '../_shared/channels.ts';
import { env } from '../_shared/env.ts';
import { type Context, HttpError, serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';
import { type Db, orNull, rpcJson, serviceClient, userClient } from '../_shared/supabase.ts';

// Connecting a Facebook Page or a Zalo Official Account, for a signed-in admin or owner (the
// dashboard calls this with the member's session token; anyone else gets 403 from
// public.channel_connect_caller). Four steps, each a POST:
//   start             → the platform's consent URL, with a sealed state bound to this member and
//                       organization (and, for Zalo, the S256 challenge of a PKCE verifier the
//                       state carries sealed);
//   facebook_pages    → the callback's code exchanged for the admin's user token (Graph
//                       /oauth/access_token), the pages they manage (/me/accounts), and the user
//                       token sealed as a short-lived grant for the next step;
//   facebook_connect  → the chosen pages, each stored with its page token (public.channel_connect,
//                       sealed with CHANNEL_TOKEN_KEY) and subscribed to the app's webhooks
//                       (POST /{page-id}/subscribed_apps); a page another organization holds is
//                       refused by the database and reported as such;
//   zalo_connect      → the callback's code exchanged with the PKCE verifier for the OA's access
//                       and refresh tokens (OAuth v4), the OA's name (/v2.0/oa/getoa), stored.
// Reconnecting is the same flow: channel_connect replaces the tokens of the organization's
// integration for that page / OA and makes it active again.
// Service role, for public.channel_connect and public.channel_needs_reconnect only (SECURITY.md).

const code = z.string().min(1).max(2000);
const state = z.string().min(1).max(4000);

const body = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start'), platform: z.enum(['facebook', 'zalo']) }),
  z.strictObject({ action: z.literal('facebook_pages'), code, state }),
  z.strictObject({ action: z.literal('facebook_connect'), grant: z.string().min(1).max(4000), pages: z.array(platformId).min(1).max(50) }),
  z.strictObject({ action: z.literal('zalo_connect'), code, state, oa_id: platformId }),
]);

const FACEBOOK_SCOPES = 'pages_show_list,pages_messaging,pages_manage_metadata,business_management';
const WEBHOOK_FIELDS = 'messages,message_echoes,message_deliveries,message_reads';
const DAY = 24 * 3600_000;

interface Page {
  id: string;
  name: string;
  access_token: string;
}

type Result = { id: string; name: string; status: 'connected' | 'taken' | 'not_found' | 'subscribe_failed'; message: string };

/** A platform refused the exchange: its own words, so the admin sees why (a code expired, reused…). */
function platformError(platform: Platform, detail: string): HttpError {
  return HttpError.of(502, 'oauth_failed', `${platform === 'facebook' ? 'Facebook' : 'Zalo'} refused the connection: ${detail}`);
}

async function getJson(res: Response): Promise<Record<string, unknown>> {
  return (await res.json().catch(() => ({}))) as Record<string, unknown>;
}

function graphMessage(answer: Record<string, unknown>, status: number): string {
  const error = answer.error as { message?: string } | undefined;
  return error?.message ?? `Graph API answered ${status}`;
}

async function exchangeFacebookCode(authCode: string): Promise<string> {
  const url = new URL(`${graphUrl()}/oauth/access_token`);
  url.searchParams.set('client_id', env('FACEBOOK_APP_ID'));
  url.searchParams.set('client_secret', env('FACEBOOK_APP_SECRET'));
  url.searchParams.set('redirect_uri', callbackUrl('facebook'));
  url.searchParams.set('code', authCode);
  const res = await fetch(url);
  const answer = await getJson(res);
  if (!res.ok || typeof answer.access_token !== 'string') throw platformError('facebook', graphMessage(answer, res.status));
  return answer.access_token;
}

/** Every page the admin manages, following Graph's cursor pages. */
async function facebookPages(userToken: string): Promise<Page[]> {
  const pages: Page[] = [];
  let next: string | undefined = `${graphUrl()}/me/accounts?fields=id,name,access_token,tasks&limit=100&access_token=${encodeURIComponent(userToken)}`;
  for (let i = 0; next && i < 10; i += 1) {
    const res: Response = await fetch(next);
    const answer = await getJson(res);
    if (!res.ok) throw platformError('facebook', graphMessage(answer, res.status));
    for (const p of (answer.data ?? []) as Partial<Page>[]) {
      if (p.id && p.name && p.access_token && platformId.safeParse(p.id).success) pages.push({ id: p.id, name: p.name, access_token: p.access_token });
    }
    next = (answer.paging as { next?: string } | undefined)?.next;
  }
  return pages;
}

async function subscribePage(page: Page): Promise<string | null> {
  const url = `${graphUrl()}/${page.id}/subscribed_apps?subscribed_fields=${WEBHOOK_FIELDS}&access_token=${encodeURIComponent(page.access_token)}`;
  const res = await fetch(url, { method: 'POST' });
  const answer = await getJson(res);
  return res.ok && answer.success === true ? null : graphMessage(answer, res.status);
}

async function connect(
  ctx: Context,
  db: Db,
  caller: Caller,
  platform: Platform,
  externalId: string,
  name: string,
  tokens: { access: string; refresh?: string; expiresAt?: Date; refreshExpiresAt?: Date },
): Promise<{ taken: true } | { taken: false; id: string }> {
  const { data, error } = await db.rpc('channel_connect', {
    p_organization: caller.organization_id,
    p_user: caller.user_id,
    p_platform: platform,
    p_external_id: externalId,
    p_display_name: name.slice(0, 200),
    p_access_token: tokens.access,
    p_refresh_token: orNull(tokens.refresh),
    p_token_expires_at: orNull(tokens.expiresAt?.toISOString()),
    p_refresh_expires_at: orNull(tokens.refreshExpiresAt?.toISOString()),
    p_key: env('CHANNEL_TOKEN_KEY'),
  });
  if (error?.code === '23505') return { taken: true };
  if (error) {
    ctx.log('channel_connect failed', error.code);
    throw error.code === '42501' ? HttpError.of(403, 'forbidden', 'Only admins and owners connect channels') : new Error('channel_connect failed');
  }
  return { taken: false, id: data };
}

const takenMessage = (platform: Platform) =>
  `This ${platform === 'facebook' ? 'Page' : 'Official Account'} is already connected to another organization on Concierge. ` +
  'An admin of that organization must disconnect it first.';

async function facebookConnect(ctx: Context, caller: Caller, grant: string, chosen: string[]): Promise<Result[]> {
  const userToken = await openGrant(grant, caller);
  if (!userToken) throw HttpError.of(400, 'invalid_grant', 'The page choice expired or is not valid. Start connecting again.');
  const pages = new Map((await facebookPages(userToken)).map((p) => [p.id, p]));
  // service role, for public.channel_connect and public.channel_needs_reconnect only; SECURITY.md
  const db = serviceClient();
  const results: Result[] = [];
  for (const id of new Set(chosen)) {
    const page = pages.get(id);
    if (!page) {
      results.push({ id, name: id, status: 'not_found', message: 'You do not manage this Page (or Facebook no longer grants access to it).' });
      continue;
    }
    const stored = await connect(ctx, db, caller, 'facebook', page.id, page.name, { access: page.access_token });
    if (stored.taken) {
      results.push({ id, name: page.name, status: 'taken', message: takenMessage('facebook') });
      continue;
    }
    const refused = await subscribePage(page);
    if (refused) {
      // stored but deaf: the admins see it needs reconnecting, and why
      await db.rpc('channel_needs_reconnect', { p_integration: stored.id, p_reason: `Webhook subscription failed: ${refused}` });
      results.push({ id, name: page.name, status: 'subscribe_failed', message: `Connected, but Facebook refused the webhook subscription: ${refused}` });
      continue;
    }
    results.push({ id, name: page.name, status: 'connected', message: 'Connected' });
  }
  return results;
}

async function zaloConnect(ctx: Context, caller: Caller, authCode: string, verifier: string, oaId: string): Promise<Result> {
  const res = await fetch(`${zaloOauthUrl()}/v4/oa/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', secret_key: env('ZALO_APP_SECRET') },
    body: new URLSearchParams({ code: authCode, app_id: env('ZALO_APP_ID'), grant_type: 'authorization_code', code_verifier: verifier }),
  });
  const tokens = await getJson(res);
  if (!res.ok || typeof tokens.access_token !== 'string' || typeof tokens.refresh_token !== 'string') {
    throw platformError('zalo', String(tokens.error_description ?? tokens.error_name ?? tokens.error ?? res.status));
  }
  const oaRes = await fetch(`${zaloApiUrl()}/v2.0/oa/getoa`, { headers: { access_token: tokens.access_token } });
  const oa = (await getJson(oaRes)) as { error?: number; message?: string; data?: { oa_id?: string | number; name?: string } };
  if (!oaRes.ok || oa.error !== 0 || String(oa.data?.oa_id) !== oaId) {
    throw platformError('zalo', oa.message ?? 'the Official Account could not be read');
  }
  const name = oa.data?.name || `Zalo OA ${oaId}`;
  // service role, for public.channel_connect only; SECURITY.md
  const outcome = await connect(ctx, serviceClient(), caller, 'zalo', oaId, name, {
    access: tokens.access_token,
    refresh: tokens.refresh_token,
    expiresAt: new Date(Date.now() + Number(tokens.expires_in ?? 90000) * 1000),
    refreshExpiresAt: new Date(Date.now() + 90 * DAY),
  });
  return outcome.taken
    ? { id: oaId, name, status: 'taken', message: takenMessage('zalo') }
    : { id: oaId, name, status: 'connected', message: 'Connected' };
}

serve({ name: 'channel-connect', methods: ['POST'], maxBytes: 8192 }, async (ctx) => {
  const token = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(ctx.request.headers.get('authorization') ?? '')?.[1];
  if (!token) return jsonError(401, 'unauthorized', 'Invalid or missing credentials', { 'WWW-Authenticate': 'Bearer' });
  const input = await ctx.json(body);

  // as the member: PostgREST checks the token, the database checks admin / owner
  const who = await userClient(token).rpc('channel_connect_caller');
  if (who.error) return ctx.rpcError(who.error, { status: who.status });
  const caller = rpcJson<Caller>(who.data);

  switch (input.action) {
    case 'start': {
      if (input.platform === 'facebook') {
        const url = new URL(facebookDialogUrl());
        url.searchParams.set('client_id', env('FACEBOOK_APP_ID'));
        url.searchParams.set('redirect_uri', callbackUrl('facebook'));
        url.searchParams.set('state', await newState(caller, 'facebook'));
        url.searchParams.set('response_type', 'code');
        // Facebook Login for Business: a configuration (its permissions) when the app has one
        const configId = Deno.env.get('FACEBOOK_LOGIN_CONFIG_ID');
        if (configId) url.searchParams.set('config_id', configId);
        else url.searchParams.set('scope', FACEBOOK_SCOPES);
        return json({ url: url.toString() });
      }
      const { verifier, challenge } = await pkce();
      const url = new URL(`${zaloOauthUrl()}/v4/oa/permission`);
      url.searchParams.set('app_id', env('ZALO_APP_ID'));
      url.searchParams.set('redirect_uri', callbackUrl('zalo'));
      url.searchParams.set('code_challenge', challenge);
      url.searchParams.set('state', await newState(caller, 'zalo', verifier));
      return json({ url: url.toString() });
    }
    case 'facebook_pages': {
      const checked = await checkState(input.state, caller, 'facebook');
      if (!checked.ok) return jsonError(400, 'invalid_state', checked.reason);
      const userToken = await exchangeFacebookCode(input.code);
      const pages = await facebookPages(userToken);
      return json({ grant: await sealGrant(caller, userToken), pages: pages.map(({ id, name }) => ({ id, name })) });
    }
    case 'facebook_connect':
      return json({ results: await facebookConnect(ctx, caller, input.grant, input.pages) });
    case 'zalo_connect': {
      const checked = await checkState(input.state, caller, 'zalo');
      if (!checked.ok) return jsonError(400, 'invalid_state', checked.reason);
      if (!checked.verifier) return jsonError(400, 'invalid_state', 'The sign-in link is not valid. Start connecting again.');
      return json({ results: [await zaloConnect(ctx, caller, input.code, checked.verifier, input.oa_id)] });
    }
  }
});
