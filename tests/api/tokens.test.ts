import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ACME, USERS } from '../helpers/seed';
import { clientWithToken, config, keys, sql, tokenFor } from '../helpers/stack';

/** PostgREST must refuse every token the local identity provider did not sign, or that has expired. */
const acmeClaims = { role: 'authenticated', o: { id: ACME.id, rol: 'owner', slg: ACME.slug } };

async function foreignKeyToken(kid: string) {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(acmeClaims)
    .setProtectedHeader({ alg: 'RS256', kid })
    .setSubject(USERS.acmeOwner)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
}

const badTokens: Record<string, () => Promise<string>> = {
  'signed with another key (unknown kid)': async () => foreignKeyToken(crypto.randomUUID()),
  'signed with another key (the sessions kid)': async () => foreignKeyToken(keys.sessionPrivateJwk.kid),
  'signed with another key (the API keys kid)': async () => foreignKeyToken(keys.apiPrivateJwk.kid),
  expired: () => tokenFor(USERS.acmeOwner, { id: ACME.id, role: 'owner', slug: ACME.slug }, -60),
  'alg none': async () => new UnsecuredJWT(acmeClaims).setSubject(USERS.acmeOwner).setExpirationTime('1h').encode(),
  'unsigned service_role': async () => new UnsecuredJWT({ role: 'service_role' }).setExpirationTime('1h').encode(),
};

async function articleCount() {
  const [row] = await sql<{ n: number }>(`select count(*)::int as n from public.articles`);
  return row?.n;
}

describe('tokens PostgREST refuses', () => {
  for (const [name, make] of Object.entries(badTokens)) {
    it(`a token ${name} gets 401 and reads or writes nothing`, async () => {
      const client = clientWithToken(await make());
      const read = await client.from('tickets').select('id');
      expect(read.status).toBe(401);
      expect(read.data).toBeNull();
      const before = await articleCount();
      const write = await client.from('articles').insert({ organization_id: ACME.id, title: 'planted', slug: 'planted', body: 'planted' });
      expect(write.status).toBe(401);
      expect(await articleCount()).toBe(before);
    });
  }

  it('the same claims signed by the local key are accepted (positive control)', async () => {
    const client = clientWithToken(await tokenFor(USERS.acmeOwner, { id: ACME.id, role: 'owner', slug: ACME.slug }));
    const read = await client.from('tickets').select('id');
    expect(read.status).toBe(200);
    expect(read.data?.length).toBeGreaterThan(0);
  });

  it('the JWKS the stack publishes holds only public key material: the API key and the sessions key', async () => {
    const res = await fetch(`${config.apiUrl}/auth/local/.well-known/jwks.json`);
    const jwks = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([keys.apiPrivateJwk.kid, keys.sessionPrivateJwk.kid]);
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
  });
});
