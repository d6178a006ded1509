import { HttpError } from './handler.ts';

// Organization API keys (public.create_api_key): `ck_live_` + 48 hex digits, sent as
// `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Postgres checks the key itself (hash,
// revocation, scope) on every request; this only reads it from the request. Never log a key, and
// never put one in a response: the errors below say what is wrong without repeating it.

export const API_KEY_PATTERN = /^ck_live_[0-9a-f]{48}$/;

/** The presented key; a 401 when it is missing or not shaped like a key. */
export function apiKeyFrom(request: Request): string {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  const key = request.headers.get('x-api-key')?.trim() || bearer;
  const challenge = { 'WWW-Authenticate': 'Bearer realm="ingest"' };
  if (!key) {
    throw HttpError.of(401, 'missing_api_key', 'Send an organization API key as "Authorization: Bearer ck_live_…"', challenge);
  }
  if (!API_KEY_PATTERN.test(key)) {
    throw HttpError.of(401, 'invalid_api_key', 'The API key is not valid', challenge);
  }
  return key;
}
