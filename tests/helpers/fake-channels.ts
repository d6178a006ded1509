import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the Facebook Graph API and Zalo's OpenAPI / OAuth v4 servers (the real ones
 * are not reachable here), speaking their wire formats:
 * - POST /v21.0/{page-id}/messages?access_token=… (Send API): {recipient_id, message_id}, or a
 *   Graph error {error: {message, type: 'OAuthException', code, error_subcode, fbtrace_id}};
 * - POST /v3.0/oa/message/cs with an `access_token` header (customer-service message): HTTP 200
 *   with {error: 0, message: 'Success', data: {message_id, user_id}} or a negative error code;
 * - POST /v4/oa/access_token (form, `secret_key` header): the refresh grant, answering
 *   {access_token, refresh_token, expires_in} or {error, error_name, error_description}.
 * And the connect flows:
 * - GET /v21.0/dialog/oauth (the Login dialog, www.facebook.com in production): a consent page
 *   whose "Continue" link returns to redirect_uri with ?code=…&state=…;
 * - GET /v21.0/oauth/access_token?client_id&client_secret&redirect_uri&code: the user token
 *   {access_token, token_type: 'bearer', expires_in}, or Graph's OAuthException for a bad secret,
 *   another redirect_uri, an unknown, used (36009) or expired (36007) code;
 * - GET /v21.0/me/accounts: the user's pages {data: [{id, name, access_token, category, tasks}],
 *   paging: {cursors}}; POST /v21.0/{page-id}/subscribed_apps with the page token: {success: true};
 * - GET /v4/oa/permission (Zalo's OA consent page) returning to redirect_uri with
 *   ?oa_id=…&code=…&state=…&code_challenge=…; POST /v4/oa/access_token with
 *   grant_type=authorization_code checks the `secret_key` header, the code (unknown, used,
 *   expired) and the PKCE verifier against the S256 challenge; GET /v2.0/oa/getoa the OA's
 *   profile {data: {oa_id, name, …}, error: 0, message: 'Success'}.
 * Tokens are accepted when listed in `validTokens`; `failNext` scripts one platform error.
 */
export type GraphFailure = 'expired_token' | 'outside_window' | 'unavailable';

export interface FakeChannels {
  url: string;
  graphUrl: string;
  validTokens: Set<string>;
  refreshTokens: Map<string, { access: string; refresh: string }>;
  failNext: GraphFailure[];
  graphRequests: { pageId: string; accessToken: string; body: Record<string, unknown> }[];
  zaloRequests: { accessToken: string; body: Record<string, unknown> }[];
  refreshRequests: { secretKey: string; form: Record<string, string> }[];
  /** the app's credentials the token endpoints check (the stack's channel settings by default) */
  app: { facebookId: string; facebookSecret: string; zaloId: string; zaloSecret: string };
  /** Facebook users by user token: the pages they manage (each with its page token) */
  facebookUsers: Map<string, { id: string; name: string; token: string }[]>;
  /** who signs in on the fake Login dialog (a key of facebookUsers) */
  dialogUser: string;
  /** the OA whose admin consents on the fake Zalo permission page */
  zaloOa: { id: string; name: string; access: string; refresh: string };
  /** issued authorization codes; `expired` makes the token endpoint refuse them as too old */
  codes: Map<string, { platform: 'facebook' | 'zalo'; redirectUri: string; subject: string; challenge?: string; used: boolean; expired: boolean }>;
  subscriptions: { pageId: string; fields: string }[];
  tokenRequests: { platform: 'facebook' | 'zalo'; params: Record<string, string>; secretKey?: string }[];
  /** an authorization code as the dialog would return it, for API tests that skip the browser */
  issueCode(platform: 'facebook' | 'zalo', redirectUri: string, subject: string, challenge?: string): string;
  close(): Promise<void>;
}

const graphErrors: Record<GraphFailure, [number, Record<string, unknown>]> = {
  expired_token: [
    400,
    {
      message: 'Error validating access token: Session has expired on Monday, 30-Nov-26 10:00:00 PST.',
      type: 'OAuthException',
      code: 190,
      error_subcode: 463,
    },
  ],
  outside_window: [
    400,
    { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10, error_subcode: 2018278 },
  ],
  unavailable: [
    500,
    { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', is_transient: true, code: 2 },
  ],
};

const graphOAuthError = (message: string, code: number, subcode?: number) => ({
  error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: randomUUID().slice(0, 11) },
});

/** Zalo's OAuth v4 error body: HTTP 200 with a negative code. */
const zaloOAuthError = (error: number, description: string) => ({
  error_name: 'Invalid parameter',
  error_reason: description,
  ref_doc: 'https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new',
  error_description: description,
  error,
});

const consentPage = (title: string, href: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><main><h1>${title}</h1>` +
  `<a href="${href.replaceAll('&', '&amp;')}">Continue</a></main></body></html>`;

export async function startFakeChannels(opts: { port?: number } = {}): Promise<FakeChannels> {
  const fake: FakeChannels = {
    url: '',
    graphUrl: '',
    validTokens: new Set(),
    refreshTokens: new Map(),
    failNext: [],
    graphRequests: [],
    zaloRequests: [],
    refreshRequests: [],
    app: { facebookId: '', facebookSecret: '', zaloId: '', zaloSecret: '' },
    facebookUsers: new Map(),
    dialogUser: '',
    zaloOa: { id: '', name: '', access: '', refresh: '' },
    codes: new Map(),
    subscriptions: [],
    tokenRequests: [],
    issueCode(platform, redirectUri, subject, challenge) {
      const code = `${platform === 'facebook' ? 'AQ' : 'zc'}${randomUUID().replaceAll('-', '')}`;
      fake.codes.set(code, { platform, redirectUri, subject, challenge, used: false, expired: false });
      return code;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const graph = /^\/v21\.0\/(\d+)\/messages$/.exec(url.pathname);
      if (req.method === 'POST' && graph) {
        const accessToken = url.searchParams.get('access_token') ?? '';
        const body = JSON.parse(raw) as Record<string, unknown>;
        fake.graphRequests.push({ pageId: graph[1]!, accessToken, body });
        const failure = fake.failNext.shift() ?? (fake.validTokens.has(accessToken) ? undefined : 'expired_token');
        if (failure) {
          const [status, error] = graphErrors[failure];
          return send(res, status, { error: { ...error, fbtrace_id: randomUUID().slice(0, 11) } });
        }
        const recipient = body.recipient as { id: string };
        return send(res, 200, { recipient_id: recipient.id, message_id: `m_${randomUUID().replaceAll('-', '')}` });
      }
      if (req.method === 'POST' && url.pathname === '/v3.0/oa/message/cs') {
        const accessToken = String(req.headers.access_token ?? '');
        const body = JSON.parse(raw) as { recipient: { user_id: string } };
        fake.zaloRequests.push({ accessToken, body });
        if (!fake.validTokens.has(accessToken)) return send(res, 200, { error: -216, message: 'Access token is invalid' });
        return send(res, 200, {
          data: { message_id: randomUUID().replaceAll('-', ''), user_id: body.recipient.user_id },
          error: 0,
          message: 'Success',
        });
      }
      if (req.method === 'POST' && url.pathname === '/v4/oa/access_token') {
        const form = Object.fromEntries(new URLSearchParams(raw));
        fake.refreshRequests.push({ secretKey: String(req.headers.secret_key ?? ''), form });
        if (form.grant_type === 'authorization_code') return zaloToken(res, form, String(req.headers.secret_key ?? ''));
        const next = fake.refreshTokens.get(form.refresh_token ?? '');
        if (form.grant_type !== 'refresh_token' || !next) {
          return send(res, 200, { error: -14014, error_name: 'Invalid parameter', error_description: 'Invalid refresh token' });
        }
        fake.refreshTokens.delete(form.refresh_token!);
        fake.validTokens.add(next.access);
        return send(res, 200, { access_token: next.access, refresh_token: next.refresh, expires_in: '90000' });
      }
      if (route(req, res, url)) return;
      send(res, 404, { error: { message: 'Unknown path', type: 'GraphMethodException', code: 100 } });
    });
  });
  const html = (res: http.ServerResponse, body: string) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  };
  const redirectTo = (target: string, params: Record<string, string>) => {
    const u = new URL(target);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u.toString();
  };
  /** The code's checks shared by both platforms: known, unused, unexpired, this redirect. */
  const takeCode = (platform: 'facebook' | 'zalo', code: string) => {
    const issued = fake.codes.get(code);
    if (!issued || issued.platform !== platform) return { problem: 'unknown' as const };
    if (issued.used) return { problem: 'used' as const };
    if (issued.expired) return { problem: 'expired' as const };
    return { issued };
  };

  const zaloToken = (res: http.ServerResponse, form: Record<string, string>, secretKey: string) => {
    fake.tokenRequests.push({ platform: 'zalo', params: form, secretKey });
    if (form.app_id !== fake.app.zaloId || secretKey !== fake.app.zaloSecret)
      return send(res, 200, zaloOAuthError(-14002, 'Invalid app id or secret key'));
    const taken = takeCode('zalo', form.code ?? '');
    if (taken.problem === 'unknown' || taken.problem === 'used') return send(res, 200, zaloOAuthError(-14003, 'Invalid authorization code'));
    if (taken.problem === 'expired') return send(res, 200, zaloOAuthError(-14004, 'Authorization code is expired'));
    const challenge = createHash('sha256')
      .update(form.code_verifier ?? '')
      .digest('base64url');
    if (!form.code_verifier || challenge !== taken.issued!.challenge) return send(res, 200, zaloOAuthError(-14019, 'Invalid code verifier'));
    taken.issued!.used = true;
    fake.validTokens.add(fake.zaloOa.access);
    return send(res, 200, { access_token: fake.zaloOa.access, refresh_token: fake.zaloOa.refresh, expires_in: '90000' });
  };

  const route = (req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean => {
    const q = Object.fromEntries(url.searchParams);
    if (req.method === 'GET' && url.pathname === '/v21.0/dialog/oauth') {
      const code = fake.issueCode('facebook', q.redirect_uri ?? '', fake.dialogUser);
      html(res, consentPage('Log in with Facebook (fake)', redirectTo(q.redirect_uri ?? '', { code, state: q.state ?? '' })));
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/v21.0/oauth/access_token') {
      fake.tokenRequests.push({ platform: 'facebook', params: q });
      if (q.client_id !== fake.app.facebookId || q.client_secret !== fake.app.facebookSecret) {
        send(res, 400, graphOAuthError('Error validating client secret.', 1));
        return true;
      }
      const taken = takeCode('facebook', q.code ?? '');
      if (taken.problem === 'unknown') send(res, 400, graphOAuthError('Invalid verification code format.', 100));
      else if (taken.problem === 'used') send(res, 400, graphOAuthError('This authorization code has been used.', 100, 36009));
      else if (taken.problem === 'expired') send(res, 400, graphOAuthError('This authorization code has expired.', 100, 36007));
      else if (taken.issued!.redirectUri !== q.redirect_uri) {
        send(
          res,
          400,
          graphOAuthError(
            'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
            100,
            36008,
          ),
        );
      } else {
        taken.issued!.used = true;
        send(res, 200, { access_token: taken.issued!.subject, token_type: 'bearer', expires_in: 5183944 });
      }
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/v21.0/me/accounts') {
      const pages = fake.facebookUsers.get(q.access_token ?? '');
      if (!pages) send(res, 400, graphOAuthError('Invalid OAuth access token - Cannot parse access token', 190));
      else {
        send(res, 200, {
          data: pages.map((p) => ({
            access_token: p.token,
            category: 'Shopping & retail',
            category_list: [{ id: '200600219953504', name: 'Shopping & retail' }],
            name: p.name,
            id: p.id,
            tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
          })),
          paging: { cursors: { before: 'QVFIUmJ', after: 'QVFIUkZA' } },
        });
      }
      return true;
    }
    const subscribe = /^\/v21\.0\/(\d+)\/subscribed_apps$/.exec(url.pathname);
    if (req.method === 'POST' && subscribe) {
      if (!fake.validTokens.has(q.access_token ?? ''))
        send(res, 400, graphOAuthError('Error validating access token: The session has been invalidated.', 190, 460));
      else {
        fake.subscriptions.push({ pageId: subscribe[1]!, fields: q.subscribed_fields ?? '' });
        send(res, 200, { success: true });
      }
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/v4/oa/permission') {
      const code = fake.issueCode('zalo', q.redirect_uri ?? '', fake.zaloOa.id, q.code_challenge);
      html(
        res,
        consentPage(
          'Zalo Official Account permission (fake)',
          redirectTo(q.redirect_uri ?? '', { oa_id: fake.zaloOa.id, code, state: q.state ?? '', code_challenge: q.code_challenge ?? '' }),
        ),
      );
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/v2.0/oa/getoa') {
      const token = String(req.headers.access_token ?? '');
      if (!fake.validTokens.has(token) || token !== fake.zaloOa.access) send(res, 200, { error: -216, message: 'Access token is invalid' });
      else {
        send(res, 200, {
          data: { oa_id: fake.zaloOa.id, name: fake.zaloOa.name, description: 'Official Account', is_verified: true, avatar: '', cover: '' },
          error: 0,
          message: 'Success',
        });
      }
      return true;
    }
    return false;
  };

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.graphUrl = `${fake.url}/v21.0`;
  return fake;
}
