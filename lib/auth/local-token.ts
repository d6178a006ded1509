import { importJWK, SignJWT, type JWK } from 'jose';
import { z } from 'zod';

/**
 * Tokens shaped like a Clerk v2 session token as Supabase third-party auth sees it, signed by the
 * local identity provider's key. Locally PostgREST trusts that key's JWKS the way a hosted
 * project trusts Clerk's, so the same policies run against both.
 */
export const activeOrgSchema = z.object({
  id: z.string().min(1),
  role: z.string().min(1),
  slug: z.string().min(1),
});
export type ActiveOrg = z.infer<typeof activeOrgSchema>;

export const privateJwkSchema = z
  .object({ kty: z.literal('RSA'), kid: z.string().min(1), n: z.string(), e: z.string(), d: z.string() })
  .passthrough();

export interface LocalSessionTokenInput {
  privateJwk: JWK;
  issuer: string;
  userId: string;
  org?: ActiveOrg;
  email?: string;
  ttlSeconds?: number;
}

const DEFAULT_TTL_SECONDS = 60 * 60;

export async function signLocalSessionToken(input: LocalSessionTokenInput): Promise<string> {
  const jwk = privateJwkSchema.parse(input.privateJwk);
  const key = await importJWK(jwk, 'RS256');
  const claims: Record<string, unknown> = { role: 'authenticated', v: 2 };
  if (input.org) claims.o = { id: input.org.id, rol: input.org.role, slg: input.org.slug };
  if (input.email) claims.email = input.email;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
    .setSubject(input.userId)
    .setIssuer(input.issuer)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(`${input.ttlSeconds ?? DEFAULT_TTL_SECONDS}s`)
    .sign(key);
}
