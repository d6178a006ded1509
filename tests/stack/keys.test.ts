import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/scripts/stack/config';
import { ensureKeys, readKeys } from '@/scripts/stack/keys';

/** keys.json of a state dir made before user sessions had their own key: one key signed everything. */
async function oldKeysFile(dir: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'old-key';
  const old = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] },
    anonKey: 'anon.key.old',
    serviceRoleKey: 'service.key.old',
    authenticatorPassword: 'a-password-of-sixteen',
    webhookSecret: 'whsec_old',
    cronSecret: 'c'.repeat(32),
  };
  writeFileSync(path.join(dir, 'keys.json'), JSON.stringify(old));
  return old;
}

describe('stack keys', () => {
  it('a new state dir gets two key pairs, both in the JWKS', async () => {
    const config = loadConfig({ ...process.env, STACK_DIR: mkdtempSync(path.join(tmpdir(), 'keys-')) });
    const keys = await ensureKeys(config);
    expect(keys.sessionPrivateJwk.kid).not.toBe(keys.apiPrivateJwk.kid);
    expect(keys.jwks.keys.map((k) => k.kid)).toEqual([keys.apiPrivateJwk.kid, keys.sessionPrivateJwk.kid]);
  });

  it('an old state dir keeps its key for the API keys and gains a sessions key, once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'keys-'));
    const old = await oldKeysFile(dir);
    const config = loadConfig({ ...process.env, STACK_DIR: dir });
    const keys = await readKeys(config);
    expect(keys.apiPrivateJwk).toEqual(old.privateJwk);
    expect(keys.serviceRoleKey).toBe(old.serviceRoleKey);
    expect(keys.sessionPrivateJwk.kid).not.toBe('old-key');
    expect(keys.jwks.keys.map((k) => k.kid)).toEqual(['old-key', keys.sessionPrivateJwk.kid]);
    expect(JSON.parse(readFileSync(config.paths.keys, 'utf8'))).not.toHaveProperty('privateJwk');
    expect(await readKeys(config)).toEqual(keys);
  });
});
