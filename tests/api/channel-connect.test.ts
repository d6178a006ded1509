import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSecrets, connectChannel, newPlatformId } from '../helpers/channels';
import { type FakeChannels, startFakeChannels } from '../helpers/fake-channels';
import { startFunctionsRuntime } from '../helpers/functions-runtime';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { sql, tokenFor } from '../helpers/stack';

/**
 * The channel-connect Edge Function against fake Facebook and Zalo OAuth servers (real paths,
 * bodies and errors): only admins and owners start a flow; the state is bound to the member, the
 * organization and the platform, expires, and a changed byte is refused; Facebook's code becomes a
 * user token, its pages, and per chosen page a sealed page token plus a webhook subscription; a
 * page Globex holds is refused with a clear message; Zalo's code is redeemed only with the PKCE
 * verifier whose S256 challenge went to the permission page; reconnecting replaces the token of
 * an integration that needs reconnecting. Platform errors (expired or reused code) reach the admin.
 */
let fake: FakeChannels;
let runtime: Awaited<ReturnType<typeof startFunctionsRuntime>>;
const appOrigin = 'http://127.0.0.1:1';

beforeAll(async () => {
  fake = await startFakeChannels();
  fake.app = {
    facebookId: channelSecrets.FACEBOOK_APP_ID,
    facebookSecret: channelSecrets.FACEBOOK_APP_SECRET,
    zaloId: channelSecrets.ZALO_APP_ID,
    zaloSecret: channelSecrets.ZALO_APP_SECRET,
  };
  runtime = await startFunctionsRuntime({
    APP_URL: appOrigin,
    FACEBOOK_GRAPH_URL: fake.graphUrl,
    FACEBOOK_DIALOG_URL: `${fake.graphUrl}/dialog/oauth`,
    ZALO_OAUTH_URL: fake.url,
    ZALO_OPENAPI_URL: fake.url,
  });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  await fake?.close();
});

const acme = (user: string = USERS.acmeOwner, role = 'owner') => tokenFor(user, { id: ACME.id, slug: ACME.slug, role });
const globex = () => tokenFor(USERS.globexOwner, { id: GLOBEX.id, slug: GLOBEX.slug, role: 'owner' });

/** What channel-connect answers, across its actions (a test reads the fields its action returns). */
interface Answer {
  url?: string;
  grant?: string;
  pages?: { id: string; name: string }[];
  results: { id: string; name: string; status: string; message: string }[];
  error: { code: string; message: string };
}

async function call(token: string | null, body: Record<string, unknown>) {
  const res = await fetch(`${runtime.url}/channel-connect`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

async function start(token: string, platform: 'facebook' | 'zalo') {
  const res = await call(token, { action: 'start', platform });
  expect(res.status).toBe(200);
  return new URL(res.body.url!);
}

async function integration(platform: string, externalId: string) {
  return (
    await sql<{ organization_id: string; status: string; display_name: string; connected_by: string; status_reason: string | null }>(
      `select organization_id, status::text as status, display_name, connected_by, status_reason
       from public.integrations where platform = $1 and external_id = $2 and status <> 'disconnected'`,
      [platform, externalId],
    )
  )[0];
}

async function tokenOf(platform: string, externalId: string) {
  const [row] = await sql<{ access_token: string; refresh_token: string | null }>(
    `select c.access_token, c.refresh_token from public.integrations i,
       lateral public.channel_credentials(i.id, $3) c where i.platform = $1 and i.external_id = $2 and i.status <> 'disconnected'`,
    [platform, externalId, channelSecrets.CHANNEL_TOKEN_KEY],
  );
  return row;
}

describe('starting a connect flow', () => {
  it('refuses no token, an agent and a viewer (403), and gives admins the dialog URL with a bound state', async () => {
    expect((await call(null, { action: 'start', platform: 'facebook' })).status).toBe(401);
    const agent = await call(await acme(USERS.acmeAgent, 'agent'), { action: 'start', platform: 'facebook' });
    expect(agent.status).toBe(403);
    expect(agent.body.error.code).toBe('forbidden');
    expect((await call(await acme(USERS.acmeViewer, 'viewer'), { action: 'start', platform: 'zalo' })).status).toBe(403);

    const url = await start(await acme(), 'facebook');
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.graphUrl}/dialog/oauth`);
    expect(url.searchParams.get('client_id')).toBe(channelSecrets.FACEBOOK_APP_ID);
    expect(url.searchParams.get('redirect_uri')).toBe(`${appOrigin}/channels/callback/facebook`);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toContain('pages_messaging');
    // the slug routes the callback back to the organization; the rest is sealed
    expect(url.searchParams.get('state')).toMatch(/^acme\.[\w-]{40,}$/);
    expect(url.searchParams.get('state')).not.toContain(USERS.acmeOwner);
  });
});

describe('Facebook Login for Business', () => {
  const userToken = `EAAU-${newPlatformId()}`;
  const pageA = { id: newPlatformId(), name: 'Acme Shop', token: `EAAP-${newPlatformId()}` };
  const pageB = { id: newPlatformId(), name: 'Acme Outlet', token: `EAAP-${newPlatformId()}` };
  const held = { id: newPlatformId(), name: 'Globex Page', token: `EAAP-${newPlatformId()}` };

  beforeAll(async () => {
    fake.facebookUsers.set(userToken, [pageA, pageB, held]);
    for (const p of [pageA, pageB, held]) fake.validTokens.add(p.token);
    fake.dialogUser = userToken;
    await connectChannel({
      organizationId: GLOBEX.id,
      userId: USERS.globexOwner,
      platform: 'facebook',
      externalId: held.id,
      accessToken: 'globex-token',
    });
  });

  afterAll(async () => {
    await sql(`delete from public.integrations where external_id = any($1)`, [[pageA.id, pageB.id, held.id]]);
  });

  /** The dialog's redirect: the code Facebook issued for redirect_uri, with our state. */
  async function consent(token: string) {
    const dialog = await start(token, 'facebook');
    const page = await (await fetch(dialog)).text();
    const back = new URL(/href="([^"]+)"/.exec(page)![1]!.replaceAll('&amp;', '&'));
    expect(`${back.origin}${back.pathname}`).toBe(`${appOrigin}/channels/callback/facebook`);
    return { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
  }

  it('exchanges the code for the pages, connects the chosen ones sealed and subscribed, and refuses a page Globex holds', async () => {
    const owner = await acme();
    const { code, state } = await consent(owner);
    const listed = await call(owner, { action: 'facebook_pages', code, state });
    expect(listed.status).toBe(200);
    expect(listed.body.pages).toEqual([
      { id: pageA.id, name: pageA.name },
      { id: pageB.id, name: pageB.name },
      { id: held.id, name: held.name },
    ]);
    // the user token went to Graph with the app's secret and the same redirect_uri, and stays sealed
    expect(fake.tokenRequests.at(-1)).toMatchObject({
      platform: 'facebook',
      params: { code, client_secret: channelSecrets.FACEBOOK_APP_SECRET, redirect_uri: `${appOrigin}/channels/callback/facebook` },
    });
    expect(JSON.stringify(listed.body)).not.toContain(userToken);
    expect(JSON.stringify(listed.body)).not.toContain(pageA.token);

    const connected = await call(owner, { action: 'facebook_connect', grant: listed.body.grant, pages: [pageA.id, held.id] });
    expect(connected.status).toBe(200);
    expect(connected.body.results).toEqual([
      { id: pageA.id, name: pageA.name, status: 'connected', message: 'Connected' },
      { id: held.id, name: held.name, status: 'taken', message: expect.stringContaining('already connected to another organization') },
    ]);
    expect(await integration('facebook', pageA.id)).toMatchObject({
      organization_id: ACME.id,
      status: 'active',
      display_name: pageA.name,
      connected_by: USERS.acmeOwner,
    });
    expect(await tokenOf('facebook', pageA.id)).toMatchObject({ access_token: pageA.token });
    expect(fake.subscriptions).toContainEqual({ pageId: pageA.id, fields: 'messages,message_echoes,message_deliveries,message_reads' });
    // Globex keeps its page and its token; the page not chosen stays unconnected
    expect(await integration('facebook', held.id)).toMatchObject({ organization_id: GLOBEX.id });
    expect(await tokenOf('facebook', held.id)).toMatchObject({ access_token: 'globex-token' });
    expect(fake.subscriptions.some((s) => s.pageId === held.id)).toBe(false);
    expect(await integration('facebook', pageB.id)).toBeUndefined();
  });

  it('reports a reused and an expired code in Facebook words', async () => {
    const owner = await acme();
    const first = await consent(owner);
    expect((await call(owner, { action: 'facebook_pages', ...first })).status).toBe(200);
    const reused = await call(owner, { action: 'facebook_pages', ...first });
    expect(reused.status).toBe(502);
    expect(reused.body.error).toEqual({ code: 'oauth_failed', message: 'Facebook refused the connection: This authorization code has been used.' });

    const late = await consent(owner);
    fake.codes.get(late.code)!.expired = true;
    const expired = await call(owner, { action: 'facebook_pages', ...late });
    expect(expired.body.error.message).toBe('Facebook refused the connection: This authorization code has expired.');
  });

  it('refuses a tampered state, another member, another organization, the other platform and an expired state', async () => {
    const owner = await acme();
    const { code, state } = await consent(owner);
    const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
    const sealedAt = state.indexOf('.') + 20;
    for (const [token, tampered] of [
      [owner, flip(state, sealedAt)],
      [owner, `globex${state.slice(state.indexOf('.'))}x`],
      [await globex(), state],
    ] as const) {
      const refused = await call(token, { action: 'facebook_pages', code, state: tampered });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('invalid_state');
    }
    // a Facebook state is no Zalo state
    const zalo = await call(owner, { action: 'zalo_connect', code, state, oa_id: '123' });
    expect(zalo.body.error).toMatchObject({ code: 'invalid_state', message: expect.stringContaining('another member or for another organization') });
    // no code was spent on a refused state
    expect(fake.codes.get(code)!.used).toBe(false);

    // expiry: a state sealed as the function seals it, whose ten minutes are over
    const expired = await call(owner, { action: 'facebook_pages', code, state: await expiredState() });
    expect(expired.body.error).toEqual({ code: 'invalid_state', message: 'The sign-in took too long and expired. Start connecting again.' });
  });

  it('refuses a grant of another member and a forged one', async () => {
    const owner = await acme();
    const { code, state } = await consent(owner);
    const listed = await call(owner, { action: 'facebook_pages', code, state });
    const other = await call(await globex(), { action: 'facebook_connect', grant: listed.body.grant, pages: [pageB.id] });
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('invalid_grant');
    const forged = await call(owner, { action: 'facebook_connect', grant: `${listed.body.grant}x`.slice(1), pages: [pageB.id] });
    expect(forged.body.error.code).toBe('invalid_grant');
    expect(await integration('facebook', pageB.id)).toBeUndefined();
  });

  it('reconnecting replaces the token of a page that needs reconnecting and makes it active', async () => {
    const [row] = await sql<{ id: string }>(`select id from public.integrations where platform = 'facebook' and external_id = $1`, [pageA.id]);
    await sql(`select public.channel_needs_reconnect($1, 'facebook:190/463: Session has expired')`, [row!.id]);
    expect(await integration('facebook', pageA.id)).toMatchObject({ status: 'needs_reconnect' });
    pageA.token = `EAAP-new-${newPlatformId()}`;
    fake.validTokens.add(pageA.token);
    const owner = await acme();
    const { code, state } = await consent(owner);
    const listed = await call(owner, { action: 'facebook_pages', code, state });
    const again = await call(owner, { action: 'facebook_connect', grant: listed.body.grant, pages: [pageA.id] });
    expect(again.body.results[0]).toMatchObject({ status: 'connected' });
    expect(await integration('facebook', pageA.id)).toMatchObject({ status: 'active', status_reason: null });
    expect(await tokenOf('facebook', pageA.id)).toMatchObject({ access_token: pageA.token });
    const [same] = await sql<{ id: string }>(`select id from public.integrations where platform = 'facebook' and external_id = $1`, [pageA.id]);
    expect(same!.id).toBe(row!.id);
  });
});

/** A state sealed with the function's key derivation (the test holds the stack's key), expired a minute ago. */
async function expiredState(): Promise<string> {
  const { webcrypto } = await import('node:crypto');
  const raw = await webcrypto.subtle.digest('SHA-256', new TextEncoder().encode(`concierge channel-oauth v1:${channelSecrets.CHANNEL_TOKEN_KEY}`));
  const key = await webcrypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt']);
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const claims = { o: ACME.id, u: USERS.acmeOwner, p: 'facebook', e: Date.now() - 60_000, n: 'aaaaaaaaaaaaaaaaaaaaaa' };
  const sealed = new Uint8Array(
    await webcrypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode('state') },
      key,
      new TextEncoder().encode(JSON.stringify(claims)),
    ),
  );
  return `acme.${Buffer.concat([iv, sealed]).toString('base64url')}`;
}

describe('Zalo OA OAuth v4 with PKCE', () => {
  const oa = { id: newPlatformId(), name: 'Acme Zalo OA', access: `zat-${newPlatformId()}`, refresh: `zrt-${newPlatformId()}` };

  beforeAll(() => {
    fake.zaloOa = oa;
  });

  afterAll(async () => {
    await sql(`delete from public.integrations where external_id = $1`, [oa.id]);
  });

  async function permission(token: string) {
    const url = await start(token, 'zalo');
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.url}/v4/oa/permission`);
    expect(url.searchParams.get('app_id')).toBe(channelSecrets.ZALO_APP_ID);
    expect(url.searchParams.get('redirect_uri')).toBe(`${appOrigin}/channels/callback/zalo`);
    const page = await (await fetch(url)).text();
    const back = new URL(/href="([^"]+)"/.exec(page)![1]!.replaceAll('&amp;', '&'));
    const callback = { code: back.searchParams.get('code')!, state: back.searchParams.get('state')!, oa_id: back.searchParams.get('oa_id')! };
    return { challenge: url.searchParams.get('code_challenge')!, callback };
  }

  it('sends an S256 challenge, redeems the code with its verifier and the secret_key header, and stores both tokens sealed', async () => {
    const owner = await acme();
    const {
      challenge,
      callback: { code, state, oa_id },
    } = await permission(owner);
    expect(challenge).toMatch(/^[\w-]{43}$/);
    expect(state).not.toContain(challenge);
    const connected = await call(owner, { action: 'zalo_connect', code, state, oa_id });
    expect(connected.status).toBe(200);
    expect(connected.body.results).toEqual([{ id: oa.id, name: oa.name, status: 'connected', message: 'Connected' }]);
    const exchange = fake.tokenRequests.filter((r) => r.platform === 'zalo').at(-1)!;
    expect(exchange.secretKey).toBe(channelSecrets.ZALO_APP_SECRET);
    expect(exchange.params).toMatchObject({ code, app_id: channelSecrets.ZALO_APP_ID, grant_type: 'authorization_code' });
    expect(createHash('sha256').update(exchange.params.code_verifier!).digest('base64url')).toBe(challenge);
    expect(await integration('zalo', oa.id)).toMatchObject({ organization_id: ACME.id, status: 'active', display_name: oa.name });
    expect(await tokenOf('zalo', oa.id)).toEqual({ access_token: oa.access, refresh_token: oa.refresh });
    const [expiry] = await sql<{ hours: number }>(
      `select extract(epoch from s.token_expires_at - now()) / 3600 as hours from private.integration_secrets s
       join public.integrations i on i.id = s.integration_id where i.external_id = $1 and i.status <> 'disconnected'`,
      [oa.id],
    );
    expect(Number(expiry!.hours)).toBeGreaterThan(24);
  });

  it("refuses a code redeemed with another flow's verifier, and reports an expired code in Zalo's words", async () => {
    const owner = await acme();
    const first = (await permission(owner)).callback;
    const second = (await permission(owner)).callback;
    // the second flow's state carries another verifier: Zalo refuses it for the first code
    const crossed = await call(owner, { action: 'zalo_connect', code: first.code, state: second.state, oa_id: first.oa_id });
    expect(crossed.status).toBe(502);
    expect(crossed.body.error).toEqual({ code: 'oauth_failed', message: 'Zalo refused the connection: Invalid code verifier' });

    fake.codes.get(second.code)!.expired = true;
    const expired = await call(owner, { action: 'zalo_connect', ...second });
    expect(expired.body.error.message).toBe('Zalo refused the connection: Authorization code is expired');
  });

  it('refuses an OA another organization holds, and a Zalo state used for Facebook', async () => {
    const globexOwner = await globex();
    const flow = (await permission(globexOwner)).callback;
    const taken = await call(globexOwner, { action: 'zalo_connect', ...flow });
    expect(taken.body.results[0]).toMatchObject({ status: 'taken', message: expect.stringContaining('already connected to another organization') });
    expect(await integration('zalo', oa.id)).toMatchObject({ organization_id: ACME.id });

    const owner = await acme();
    const zalo = (await permission(owner)).callback;
    const crossed = await call(owner, { action: 'facebook_pages', code: zalo.code, state: zalo.state });
    expect(crossed.body.error.code).toBe('invalid_state');
  });
});
