import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { config, userClient } from './stack';

/** The ingest API (supabase/functions/ingest) as an external system calls it. */
export const ingestUrl = `${config.apiUrl}/functions/v1/ingest`;

export interface ItemResult {
  index: number;
  type: string | null;
  idempotency_key: string | null;
  status: 'created' | 'updated' | 'duplicate' | 'error';
  id?: string;
  error?: { code: string; message: string };
}
export interface BatchResponse {
  created: number;
  updated: number;
  duplicate: number;
  failed: number;
  results: ItemResult[];
}

/** A fresh key of `org`, created the dashboard's way: the admin's own session calls create_api_key. */
export async function createApiKey(adminId: string, org: { id: string; slug: string }, scopes: string[], name = `test ${randomUUID().slice(0, 8)}`) {
  const admin = await userClient(adminId, org);
  const { data, error } = await admin.rpc('create_api_key', { p_name: name, p_scopes: scopes });
  expect(error).toBeNull();
  return data as { id: string; key: string; prefix: string; name: string; scopes: string[] };
}

export async function ingest(key: string | null, items: unknown[] | string, headers: Record<string, string> = {}) {
  const res = await fetch(ingestUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: typeof items === 'string' ? items : JSON.stringify({ items }),
  });
  return { status: res.status, body: (await res.json()) as BatchResponse & { error?: { code: string; message: string } } };
}

/** A unique id for this test run, so reruns against one stack never collide. */
export const uniq = (prefix: string) => `${prefix}-${randomUUID()}`;
