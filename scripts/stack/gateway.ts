import http from 'node:http';
import { pipeline } from 'node:stream';
import { z } from 'zod';

/**
 * One Supabase-style URL for the local stack: /rest/v1 → PostgREST, /functions/v1 → the Deno
 * functions, and the local identity provider's JWKS, with the API-key rule and CORS of a hosted
 * project's gateway.
 */
const env = z
  .object({
    GATEWAY_HOST: z.string(),
    GATEWAY_PORT: z.coerce.number().int(),
    REST_URL: z.string().url(),
    FUNCTIONS_URL: z.string().url(),
    GATEWAY_API_KEYS: z.string().transform((s) => new Set(s.split(',').filter(Boolean))),
    GATEWAY_JWKS: z.string(),
    // 1: pass a client-sent X-Forwarded-For through untouched (tests present distinct client IPs).
    // 0 (production mode): append the socket's address to it, as the hosted platform's proxy does,
    // so the functions' right-most trusted entry is an address no client can choose.
    GATEWAY_TRUST_FORWARDED: z.enum(['0', '1']).default('0'),
  })
  .parse(process.env);

const corsHeaders: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD',
  'access-control-allow-headers':
    'authorization, apikey, content-type, x-client-info, prefer, range, accept-profile, content-profile, x-upsert',
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

function proxy(req: http.IncomingMessage, res: http.ServerResponse, target: URL, headers: http.OutgoingHttpHeaders, extraResponseHeaders: Record<string, string>) {
  const upstream = http.request(
    target,
    { method: req.method, headers: { ...headers, host: target.host } },
    (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, { ...upstreamRes.headers, ...extraResponseHeaders });
      // Flush each chunk as it arrives: Server-Sent Events must not be buffered.
      res.flushHeaders();
      pipeline(upstreamRes, res, () => undefined);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) sendJson(res, 502, { error: { code: 'upstream_unavailable', message: `${target.origin} is not answering` } });
    else res.destroy();
  });
  res.on('close', () => upstream.destroy());
  pipeline(req, upstream, () => undefined);
}

const server = http.createServer((req, res) => {
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
    if (!apiKey || !env.GATEWAY_API_KEYS.has(apiKey)) {
      return sendJson(res, 401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' }, corsHeaders);
    }
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    if (!headers.authorization) headers.authorization = `Bearer ${apiKey}`;
    const target = new URL(path.slice('/rest/v1'.length) + url.search, env.REST_URL);
    return proxy(req, res, target, headers, corsHeaders);
  }

  if (path.startsWith('/functions/v1/')) {
    // Functions answer CORS themselves, as on the hosted platform.
    const target = new URL(path.slice('/functions/v1'.length) + url.search, env.FUNCTIONS_URL);
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    const forwarded = req.headers['x-forwarded-for'];
    const socketAddress = req.socket.remoteAddress ?? '';
    if (!forwarded) headers['x-forwarded-for'] = socketAddress;
    else if (env.GATEWAY_TRUST_FORWARDED === '0') headers['x-forwarded-for'] = `${forwarded}, ${socketAddress}`;
    return proxy(req, res, target, headers, {});
  }

  sendJson(res, 404, { error: { code: 'not_found', message: `No route for ${path}` } });
});

server.keepAliveTimeout = 65_000;
server.listen(env.GATEWAY_PORT, env.GATEWAY_HOST, () => {
  console.log(`gateway listening on http://${env.GATEWAY_HOST}:${env.GATEWAY_PORT}`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
