import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { z } from 'zod';
import { privateJwkSchema } from '../../lib/auth/local-token';
import type { StackConfig } from './config';

const keysSchema = z.object({
  privateJwk: privateJwkSchema,
  jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }),
  anonKey: z.string(),
  serviceRoleKey: z.string(),
  authenticatorPassword: z.string().min(16),
  /** Svix signing secret of the Clerk webhook; locally the app signs its own sign-up events with it. */
  webhookSecret: z.string().startsWith('whsec_'),
  /** Shared secret of the scheduled jobs (the summarization cron). */
  cronSecret: z.string().min(32),
});
export type StackKeys = z.infer<typeof keysSchema>;

async function signApiRoleKey(privateJwk: JWK, issuer: string, role: 'anon' | 'service_role') {
  const key = await importJWK(privateJwk, 'RS256');
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime('10y')
    .sign(key);
}

/** The stack's signing key lives in its state dir, made once, so tokens survive restarts. */
export async function ensureKeys(config: StackConfig): Promise<StackKeys> {
  if (existsSync(config.paths.keys)) return readKeys(config);
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const keys: StackKeys = {
    privateJwk: privateJwkSchema.parse(privateJwk),
    jwks: { keys: [publicJwk] },
    anonKey: await signApiRoleKey(privateJwk, config.issuer, 'anon'),
    serviceRoleKey: await signApiRoleKey(privateJwk, config.issuer, 'service_role'),
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
  if (stored.webhookSecret === undefined || stored.cronSecret === undefined) {
    // a state dir from before these secrets existed: add them once
    Object.assign(stored, newSecrets());
    await writeFile(config.paths.keys, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return keysSchema.parse(stored);
}
