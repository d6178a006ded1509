import { randomUUID } from 'node:crypto';
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

export async function startFakeChannels(): Promise<FakeChannels> {
  const fake: FakeChannels = {
    url: '',
    graphUrl: '',
    validTokens: new Set(),
    refreshTokens: new Map(),
    failNext: [],
    graphRequests: [],
    zaloRequests: [],
    refreshRequests: [],
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
        const next = fake.refreshTokens.get(form.refresh_token ?? '');
        if (form.grant_type !== 'refresh_token' || !next) {
          return send(res, 200, { error: -14014, error_name: 'Invalid parameter', error_description: 'Invalid refresh token' });
        }
        fake.refreshTokens.delete(form.refresh_token!);
        fake.validTokens.add(next.access);
        return send(res, 200, { access_token: next.access, refresh_token: next.refresh, expires_in: '90000' });
      }
      send(res, 404, { error: { message: 'Unknown path', type: 'GraphMethodException', code: 100 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.graphUrl = `${fake.url}/v21.0`;
  return fake;
}
