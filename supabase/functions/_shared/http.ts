// Response helpers every function shares: CORS on every response, errors as
// { error: { code, message } } with the right status and nothing internal leaked.

export const corsHeaders: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type, idempotency-key, x-api-key',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  // the widget runs on customers' origins and must read Retry-After from a 429
  'Access-Control-Expose-Headers': 'Retry-After',
};

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  for (const [key, value] of Object.entries(corsHeaders)) headers.set(key, value);
  headers.set('Content-Type', 'application/json');
  return new Response(JSON.stringify(body), { ...init, headers });
}

export function jsonError(status: number, code: string, message: string, headers: HeadersInit = {}): Response {
  return json({ error: { code, message } }, { status, headers });
}
