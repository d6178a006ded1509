import type { JsonWebKey } from 'node:crypto';
import http from 'node:http';
import { pipeline, type Duplex } from 'node:stream';
import { z } from 'zod';
import { sessionKeyRule } from './session-key-rule';

/**
 * One Supabase-style URL for the local stack: /rest/v1 → PostgREST, /functions/v1 → the Deno
 * functions, /realtime/v1 → the Realtime service (WebSocket), and the local identity provider's JWKS, with the API-key rule and CORS of a hosted
 * project's gateway.
 *
 * It also holds the line a hosted project's gateway holds for third-party (Clerk) tokens: a token
 * signed with the local sessions key (the key the app holds) passes only with the role
 * `authenticated`. PostgREST trusts that key for every role, so without this rule the app could
 * mint itself a service_role token.
 */
const env = z
  .object({
    GATEWAY_HOST: z.string(),
    GATEWAY_PORT: z.coerce.number().int(),
    REST_URL: z.string().url(),
    FUNCTIONS_URL: z.string().url(),
    REALTIME_URL: z.string().url(),
    GATEWAY_API_KEYS: z.string().transform((s) => new Set(s.split(',').filter(Boolean))),
    GATEWAY_JWKS: z.string(),
    /** Public JWK of the sessions key (scripts/stack/keys.ts). */
    GATEWAY_SESSION_JWK: z.string().transform((raw) => JSON.parse(raw) as JsonWebKey),
    // 1: pass a client-sent X-Forwarded-For through untouched (tests present distinct client IPs).
    // 0 (production mode): append the socket's address to it, as the hosted platform's proxy does,
    // so the functions' right-most trusted entry is an address no client can choose.
    GATEWAY_TRUST_FORWARDED: z.enum(['0', '1']).default('0'),
  })
  .parse(process.env);

const corsHeaders: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD',
  'access-control-allow-headers': 'authorization, apikey, content-type, x-client-info, prefer, range, accept-profile, content-profile, x-upsert',
  'access-control-expose-headers': 'content-range, content-location, x-total-count',
  'access-control-max-age': '86400',
};

function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...extra });
  res.end(JSON.stringify(body));
}

function apiKeyOf(req: http.IncomingMessage, url: URL): string | undefined {
  const header = req.headers.apikey;
  return (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('apikey') ?? undefined;
}

function proxy(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  target: URL,
  headers: http.OutgoingHttpHeaders,
  extraResponseHeaders: Record<string, string>,
  waitForContinue = false,
) {
  // A body is sent only once the upstream asks for it (100-continue): PostgREST answers a refused
  // token (401) without reading the body and closes, and a body written meanwhile (a few hundred
  // KB) broke the connection before its answer was read, turning the 401 into our 502.
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const expect = hasBody && waitForContinue ? { expect: '100-continue' } : {};
  const upstream = http.request(target, { method: req.method, headers: { ...headers, ...expect, host: target.host } }, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, { ...upstreamRes.headers, ...extraResponseHeaders });
    // Flush each chunk as it arrives: Server-Sent Events must not be buffered.
    res.flushHeaders();
    pipeline(upstreamRes, res, () => undefined);
  });
  upstream.on('error', () => {
    if (!res.headersSent) sendJson(res, 502, { error: { code: 'upstream_unavailable', message: `${target.origin} is not answering` } });
    else res.destroy();
  });
  res.on('close', () => upstream.destroy());
  if (hasBody && waitForContinue) upstream.on('continue', () => pipeline(req, upstream, () => undefined));
  else pipeline(req, upstream, () => undefined);
}

const sessionKeyAllows = sessionKeyRule(env.GATEWAY_SESSION_JWK);
const apiKeys = env.GATEWAY_API_KEYS;

/**
 * Whether a bearer token may pass: the API keys, and anything the sessions-key rule does not
 * refuse (tokens the sessions key did not sign are PostgREST's to judge). Verdicts are cached per
 * token: the app reuses each token for a whole render.
 */
const verdicts = new Map<string, boolean>();
async function tokenAllowed(token: string): Promise<boolean> {
  if (apiKeys.has(token)) return true;
  const cached = verdicts.get(token);
  if (cached !== undefined) return cached;
  const allowed = (await sessionKeyAllows(token)) !== 'refused';
  if (verdicts.size >= 10_000) verdicts.clear();
  verdicts.set(token, allowed);
  return allowed;
}

/** Every JWS-shaped part of the Authorization header, however the header is written. */
async function authorizationAllowed(headers: http.OutgoingHttpHeaders): Promise<boolean> {
  const value = headers.authorization;
  const tokens = typeof value === 'string' ? (value.match(/[\w-]+\.[\w-]+\.[\w-]*/g) ?? []) : [];
  for (const token of tokens) if (!(await tokenAllowed(token))) return false;
  return true;
}

function refuseRole(res: http.ServerResponse, extra: Record<string, string>) {
  sendJson(
    res,
    401,
    { error: { code: 'invalid_token_role', message: 'A user session token may only carry the role "authenticated"' } },
    { 'www-authenticate': 'Bearer error="invalid_token"', ...extra },
  );
}

async function route(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const path = url.pathname;

  if (path === '/health') return sendJson(res, 200, { ok: true });
  if (path === '/auth/local/.well-known/jwks.json') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300', ...corsHeaders });
    return res.end(env.GATEWAY_JWKS);
  }

  if (path.startsWith('/rest/v1')) {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders);
      return res.end();
    }
    const apiKey = apiKeyOf(req, url);
    if (!apiKey || !apiKeys.has(apiKey)) {
      return sendJson(res, 401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' }, corsHeaders);
    }
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    if (!headers.authorization) headers.authorization = `Bearer ${apiKey}`;
    if (!(await authorizationAllowed(headers))) return refuseRole(res, corsHeaders);
    // PostgREST 12.0.2 parses a form body in time quadratic in its size (8 KB held a core for 34 s)
    // and answers invalid UTF-8 in one with a plain-text 500; supabase-js and the app only send
    // JSON, so the gateway refuses form bodies as a hosted project's API gateway should (RELIABILITY.md).
    if ((req.headers['content-type'] ?? '').toLowerCase().includes('application/x-www-form-urlencoded')) {
      return sendJson(
        res,
        415,
        { code: 'unsupported_media_type', message: 'Send the body as application/json', details: null, hint: null },
        corsHeaders,
      );
    }
    const target = new URL(path.slice('/rest/v1'.length) + url.search, env.REST_URL);
    return proxy(req, res, target, headers, corsHeaders, true);
  }

  if (path.startsWith('/functions/v1/')) {
    // Functions answer CORS themselves, as on the hosted platform.
    const target = new URL(path.slice('/functions/v1'.length) + url.search, env.FUNCTIONS_URL);
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    const forwarded = req.headers['x-forwarded-for'];
    const socketAddress = req.socket.remoteAddress ?? '';
    if (!forwarded) headers['x-forwarded-for'] = socketAddress;
    else if (env.GATEWAY_TRUST_FORWARDED === '0') headers['x-forwarded-for'] = `${forwarded}, ${socketAddress}`;
    // the same rule before a function sees the token, in case it ever relays or trusts it
    if (!(await authorizationAllowed(headers))) return refuseRole(res, {});
    return proxy(req, res, target, headers, {});
  }

  sendJson(res, 404, { error: { code: 'not_found', message: `No route for ${path}` } });
}

// route never rejects (tokenAllowed turns every verification failure into a verdict)
const server = http.createServer((req, res) => void route(req, res));

/**
 * WebSocket upgrades for /realtime/v1 are relayed as raw sockets. The API key is checked here as
 * for REST; the tokens inside the channel frames are the Realtime service's to judge.
 */
server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
  const url = new URL(req.url ?? '/', 'http://gateway');
  const refuse = (status: string, body: unknown) =>
    socket.end(
      `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n${typeof body === 'string' ? body : JSON.stringify(body)}`,
    );
  if (!url.pathname.startsWith('/realtime/v1/'))
    return refuse('404 Not Found', { error: { code: 'not_found', message: `No route for ${url.pathname}` } });
  const apiKey = apiKeyOf(req, url);
  if (!apiKey || !apiKeys.has(apiKey)) return refuse('401 Unauthorized', { message: 'Invalid API key' });
  const target = new URL(url.pathname + url.search, env.REALTIME_URL);
  const upstream = http.request(target, { method: 'GET', headers: { ...req.headers, host: target.host } });
  upstream.on('upgrade', (upstreamRes, upstreamSocket, upstreamHead) => {
    const headers = Object.entries(upstreamRes.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}: ${x}`) : [`${k}: ${v}`]));
    socket.write(`HTTP/1.1 101 Switching Protocols\r\n${headers.join('\r\n')}\r\n\r\n`);
    if (upstreamHead.length) socket.write(upstreamHead);
    if (head.length) upstreamSocket.write(head);
    upstreamSocket.pipe(socket).pipe(upstreamSocket);
    const destroyBoth = () => {
      socket.destroy();
      upstreamSocket.destroy();
    };
    socket.on('error', destroyBoth);
    upstreamSocket.on('error', destroyBoth);
    socket.on('close', destroyBoth);
    upstreamSocket.on('close', destroyBoth);
  });
  upstream.on('response', (upstreamRes) => {
    const chunks: Buffer[] = [];
    upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk));
    upstreamRes.on('end', () => refuse(`${upstreamRes.statusCode ?? 502} ${upstreamRes.statusMessage ?? ''}`, Buffer.concat(chunks).toString()));
  });
  upstream.on('error', () => refuse('502 Bad Gateway', { error: { code: 'upstream_unavailable', message: 'Realtime is not answering' } }));
  upstream.end();
});

server.keepAliveTimeout = 65_000;
server.listen(env.GATEWAY_PORT, env.GATEWAY_HOST, () => {
  console.log(`gateway listening on http://${env.GATEWAY_HOST}:${env.GATEWAY_PORT}`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
