import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { z } from 'zod';
import { privateJwkSchema } from '../../lib/auth/local-token';
import type { StackConfig } from './config';

/**
 * Two RS256 key pairs, both trusted by PostgREST through one JWKS:
 * - `apiPrivateJwk` signs the stack's anon and service_role keys (the platform's own key: only the
 *   stack holds it, as Supabase holds a hosted project's);
 * - `sessionPrivateJwk` signs user sessions, playing Clerk's key: the app gets this one only, and
 *   the gateway refuses any token it signs unless its role is `authenticated` (scripts/stack/gateway.ts).
 * So the app never holds a key that can mint a service_role token.
 */
const keysSchema = z.object({
  apiPrivateJwk: privateJwkSchema,
  sessionPrivateJwk: privateJwkSchema,
  jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(2) }),
  anonKey: z.string(),
  serviceRoleKey: z.string(),
  authenticatorPassword: z.string().min(16),
  /** Svix signing secret of the Clerk webhook; locally the app signs its own sign-up events with it. */
  webhookSecret: z.string().startsWith('whsec_'),
  /** Shared secret of the scheduled jobs (the summarization cron). */
  cronSecret: z.string().min(32),
});
export type StackKeys = z.infer<typeof keysSchema>;

async function newKeyPair() {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return {
    privateJwk: privateJwkSchema.parse({ ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' }),
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

async function signApiRoleKey(privateJwk: JWK, issuer: string, role: 'anon' | 'service_role') {
  const key = await importJWK(privateJwk, 'RS256');
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime('10y')
    .sign(key);
}

/** The stack's signing keys live in its state dir, made once, so tokens survive restarts. */
export async function ensureKeys(config: StackConfig): Promise<StackKeys> {
  if (existsSync(config.paths.keys)) return readKeys(config);
  const api = await newKeyPair();
  const session = await newKeyPair();
  const keys: StackKeys = {
    apiPrivateJwk: api.privateJwk,
    sessionPrivateJwk: session.privateJwk,
    jwks: { keys: [api.publicJwk, session.publicJwk] },
    anonKey: await signApiRoleKey(api.privateJwk, config.issuer, 'anon'),
    serviceRoleKey: await signApiRoleKey(api.privateJwk, config.issuer, 'service_role'),
    authenticatorPassword: randomBytes(18).toString('base64url'),
    ...newSecrets(),
  };
  await mkdir(path.dirname(config.paths.keys), { recursive: true });
  await writeFile(config.paths.keys, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

function newSecrets() {
  return { webhookSecret: `whsec_${randomBytes(24).toString('base64')}`, cronSecret: randomBytes(32).toString('base64url') };
}

export async function readKeys(config: StackConfig): Promise<StackKeys> {
  const stored = JSON.parse(await readFile(config.paths.keys, 'utf8')) as Record<string, unknown>;
  let upgraded = false;
  if (stored.webhookSecret === undefined || stored.cronSecret === undefined) {
    // a state dir from before these secrets existed: add them once
    Object.assign(stored, newSecrets());
    upgraded = true;
  }
  if (stored.sessionPrivateJwk === undefined) {
    // A state dir from when one key signed the API keys and the sessions alike: that key stays
    // the API key (the anon and service_role keys keep working) and sessions get their own.
    const session = await newKeyPair();
    const jwks = stored.jwks as { keys: unknown[] };
    stored.apiPrivateJwk = stored.privateJwk;
    delete stored.privateJwk;
    stored.sessionPrivateJwk = session.privateJwk;
    stored.jwks = { keys: [...jwks.keys, session.publicJwk] };
    upgraded = true;
  }
  if (upgraded) await writeFile(config.paths.keys, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return keysSchema.parse(stored);
}

/** Whether the running services were started with the JWKS the state dir holds now. */
export function jwksFingerprint(keys: StackKeys): string {
  return keys.jwks.keys.map((k) => String(k.kid)).join(',');
}
