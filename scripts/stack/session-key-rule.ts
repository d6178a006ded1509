import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { compactVerify } from 'jose';

/**
 * The rule a hosted project's gateway holds for third-party tokens, which the local gateway and
 * Realtime service both apply: anything the sessions key (the key the app holds) signed must claim
 * `authenticated`, whatever its `kid` or `alg` header says (the signature decides which key signed),
 * and its payload must be exactly as jose writes it, so no duplicate or escaped `role` key can read
 * one way here and another in PostgREST. Tokens the sessions key did not sign are not its concern.
 */
export function sessionKeyRule(sessionJwk: JsonWebKey): (token: string) => Promise<'allowed' | 'refused' | 'not-session'> {
  const sessionKey = createPublicKey({ key: sessionJwk, format: 'jwk' });
  return async (token) => {
    let raw: string;
    try {
      raw = new TextDecoder().decode((await compactVerify(token, sessionKey)).payload);
    } catch {
      return 'not-session';
    }
    try {
      const claims = JSON.parse(raw) as { role?: unknown };
      return claims.role === 'authenticated' && JSON.stringify(claims) === raw ? 'allowed' : 'refused';
    } catch {
      // signed by the sessions key but not a JSON payload: nothing the app would mint
      return 'refused';
    }
  };
}
