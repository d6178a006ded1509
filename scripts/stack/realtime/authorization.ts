import type { JsonWebKey } from 'node:crypto';
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type pg from 'pg';
import { sessionKeyRule } from '../session-key-rule';

/**
 * Who a token says the client is, and what RLS on realtime.messages lets them do with a topic:
 * the check hosted Supabase Realtime makes. A probe row for the topic is written and read back
 * inside a transaction run as the token's role with its claims (`request.jwt.claims`) and the
 * topic (`realtime.topic()`), then rolled back, so the migrations' policies decide, unchanged.
 */
export type Identity = { role: 'anon' | 'authenticated' | 'service_role'; claims: JWTPayload };

export class TokenError extends Error {}

export function tokenVerifier(jwks: JSONWebKeySet, sessionJwk: JsonWebKey) {
  const keySet = createLocalJWKSet(jwks);
  const sessionKeyAllows = sessionKeyRule(sessionJwk);
  return async function verify(token: string): Promise<Identity> {
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keySet));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new TokenError('Token has expired');
      throw new TokenError('Invalid token');
    }
    const role = claims.role;
    if (role !== 'anon' && role !== 'authenticated' && role !== 'service_role') throw new TokenError('Token role is not an API role');
    // the gateway's rule for REST and functions, held here too
    if ((await sessionKeyAllows(token)) === 'refused') throw new TokenError('A user session token may only carry the role "authenticated"');
    return { role, claims };
  };
}

export type Extension = 'broadcast' | 'presence';

async function asIdentity<T>(pool: pg.Pool, identity: Identity, topic: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T | undefined> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('request.jwt.claims', $1, true), set_config('realtime.topic', $2, true)`, [
      JSON.stringify(identity.claims),
      topic,
    ]);
    return await work(client);
  } catch {
    return undefined;
  } finally {
    await client.query('rollback').catch(() => undefined);
    client.release();
  }
}

/** May this identity receive the topic's private messages? (select on realtime.messages) */
export async function canRead(pool: pg.Pool, identity: Identity, topic: string): Promise<boolean> {
  const allowed = await asIdentity(pool, identity, topic, async (client) => {
    const probe = await client.query<{ id: string }>(
      `insert into realtime.messages (topic, extension, private) values ($1, 'broadcast', true) returning id`,
      [topic],
    );
    // role names are a closed set checked in tokenVerifier, never client text
    await client.query(`set local role ${identity.role}`);
    const seen = await client.query('select 1 from realtime.messages where id = $1', [probe.rows[0]?.id]);
    return seen.rowCount === 1;
  });
  return allowed === true;
}

/** May this identity send on the topic (broadcast) or track presence there? (insert on realtime.messages) */
export async function canWrite(pool: pg.Pool, identity: Identity, topic: string, extension: Extension): Promise<boolean> {
  const allowed = await asIdentity(pool, identity, topic, async (client) => {
    await client.query(`set local role ${identity.role}`);
    await client.query(`insert into realtime.messages (topic, extension, private) values ($1, $2, true)`, [topic, extension]);
    return true;
  });
  return allowed === true;
}
