import { createClient } from '@supabase/supabase-js';
import pg from 'pg';
import { signLocalSessionToken, type ActiveOrg } from '@/lib/auth/local-token';
import type { Database } from '@/lib/database.types';
import { loadConfig } from '@/scripts/stack/config';
import { readKeys } from '@/scripts/stack/keys';

/** The running test stack (scripts/test/run.ts points STACK_* at it) and clients for it. */
export const config = loadConfig();
export const keys = await readKeys(config);

export function tokenFor(userId: string, org?: ActiveOrg, ttlSeconds?: number) {
  return signLocalSessionToken({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer, userId, org, ttlSeconds });
}

/** A supabase-js client that sends `token` as the user's bearer token, as the app does with Clerk's. */
export function clientWithToken(token: string | null) {
  return createClient<Database>(config.apiUrl, keys.anonKey, {
    accessToken: async () => token,
  });
}

export async function userClient(userId: string, org?: { id: string; slug: string; role?: string }) {
  return clientWithToken(await tokenFor(userId, org ? { role: 'member', ...org } : undefined));
}

export function anonClient() {
  return clientWithToken(null);
}

/** Direct SQL as the `postgres` superuser, for arranging data and checking what really got written. */
export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: config.db.url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}
