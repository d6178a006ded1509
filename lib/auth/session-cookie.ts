import { importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { privateJwkSchema } from '@/lib/auth/local-token';
import { USER_ID } from '@/lib/validation';

/**
 * The local provider's browser session: a short JWT in an httpOnly cookie, naming only the user.
 * It is signed with the local identity provider's key (the one PostgREST trusts), so it carries
 * its own `typ` and `aud` and no `role`: it can never pass for an API token, and an API token
 * (no `aud`) never passes for a session. Per request, the app mints a short API token from it.
 */
export const SESSION_COOKIE = 'concierge_session';
export const SESSION_TTL_SECONDS = 8 * 60 * 60;
const SESSION_TYP = 'concierge-session+jwt';
const SESSION_AUD = 'concierge:dashboard-session';

interface SessionKey {
  privateJwk: JWK;
  issuer: string;
}

export async function signSessionCookie(key: SessionKey, userId: string, ttlSeconds = SESSION_TTL_SECONDS): Promise<string> {
  const jwk = privateJwkSchema.parse(key.privateJwk);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: SESSION_TYP })
    .setSubject(userId)
    .setIssuer(key.issuer)
    .setAudience(SESSION_AUD)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(await importJWK(jwk, 'RS256'));
}

/** The signed-in user's id, or null for a missing, forged, expired or foreign token. */
export async function verifySessionCookie(key: SessionKey, token: string | undefined): Promise<string | null> {
  if (!token) return null;
  const jwk = privateJwkSchema.parse(key.privateJwk);
  const publicKey = await importJWK({ kty: jwk.kty, n: jwk.n, e: jwk.e }, 'RS256');
  try {
    const { payload } = await jwtVerify(token, publicKey, {
      algorithms: ['RS256'],
      issuer: key.issuer,
      audience: SESSION_AUD,
      typ: SESSION_TYP,
    });
    return typeof payload.sub === 'string' && USER_ID.test(payload.sub) ? payload.sub : null;
  } catch {
    return null;
  }
}
