import { CompactSign, importJWK, SignJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { signLocalSessionToken } from '@/lib/auth/local-token';
import { appEnv } from '@/scripts/stack/app-env';
import { ACME, USERS } from '../helpers/seed';
import { config, keys } from '../helpers/stack';

/**
 * Issue 10, item 1: the app never holds a key able to mint a service_role token. It gets only the
 * sessions key (LOCAL_AUTH_PRIVATE_JWK, as the test app and `npm run dev` get it), and the gateway
 * refuses any role but `authenticated` from that key, however the token is dressed up.
 */
const env = appEnv(config, keys);
const sessionJwk = JSON.parse(env.LOCAL_AUTH_PRIVATE_JWK!) as JWK & { kid: string };
const sessionKey = await importJWK(sessionJwk, 'RS256');

function sign(claims: Record<string, unknown>, header: { alg?: string; kid?: string | null } = {}) {
  const key = header.alg && header.alg !== 'RS256' ? importJWK(sessionJwk, header.alg) : Promise.resolve(sessionKey);
  const protectedHeader = { alg: header.alg ?? 'RS256', typ: 'JWT', ...(header.kid === null ? {} : { kid: header.kid ?? sessionJwk.kid }) };
  return key.then((k) =>
    new SignJWT(claims).setProtectedHeader(protectedHeader).setIssuer(config.issuer).setIssuedAt().setExpirationTime('1h').sign(k),
  );
}

/** GET /rest/v1/<table> through the gateway, with the anon key as apikey, as supabase-js sends it. */
function rest(table: string, token: string) {
  return fetch(`${config.apiUrl}/rest/v1/${table}?select=id`, { headers: { apikey: keys.anonKey, authorization: `Bearer ${token}` } });
}

const forged: Record<string, () => Promise<string>> = {
  'role service_role': () => sign({ role: 'service_role' }),
  'role anon': () => sign({ role: 'anon' }),
  'role postgres': () => sign({ role: 'postgres' }),
  'no role claim': () => sign({ sub: USERS.acmeOwner }),
  'role service_role, no kid': () => sign({ role: 'service_role' }, { kid: null }),
  "role service_role, the API key's kid": () => sign({ role: 'service_role' }, { kid: keys.apiPrivateJwk.kid }),
  'role service_role, RS512': () => sign({ role: 'service_role' }, { alg: 'RS512' }),
  'a duplicate role claim': async () =>
    new CompactSign(new TextEncoder().encode(`{"role":"authenticated","role":"service_role","exp":${Math.floor(Date.now() / 1000) + 3600}}`))
      .setProtectedHeader({ alg: 'RS256', kid: sessionJwk.kid })
      .sign(sessionKey),
};

describe('the sessions key the app holds', () => {
  it('is not the key that signs the stack’s anon and service_role keys', () => {
    expect(sessionJwk.kid).not.toBe(keys.apiPrivateJwk.kid);
    expect(sessionJwk.d).not.toBe(keys.apiPrivateJwk.d);
    const values = Object.values(env).join('\n');
    expect(values).not.toContain(keys.apiPrivateJwk.d);
    expect(values).not.toContain(keys.serviceRoleKey);
  });

  for (const [name, make] of Object.entries(forged)) {
    it(`cannot pass the gateway with ${name}: 401, JSON error`, async () => {
      const res = await rest('api_keys', await make());
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'invalid_token_role', message: expect.any(String) } });
    });
  }

  it('cannot reach a function with a service_role claim either', async () => {
    const res = await fetch(`${config.apiUrl}/functions/v1/health`, { headers: { authorization: `Bearer ${await sign({ role: 'service_role' })}` } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('invalid_token_role');
  });

  it('still signs a normal session the database accepts (positive control)', async () => {
    const token = await signLocalSessionToken({
      privateJwk: sessionJwk,
      issuer: env.LOCAL_AUTH_ISSUER!,
      userId: USERS.acmeOwner,
      org: { id: ACME.id, role: 'owner', slug: ACME.slug },
    });
    const res = await rest('tickets', token);
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBeGreaterThan(0);
  });

  it('the stack’s own service_role key still passes the gateway (the API key is untouched)', async () => {
    const res = await rest('organizations', keys.serviceRoleKey);
    expect(res.status).toBe(200);
  });
});
