import type { Client } from '@/lib/supabase/types';

/** Scopes an API key may carry (public.api_keys_scopes_valid). */
export const API_KEY_SCOPES = ['ingest:write', 'read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * The active organization's API keys, newest first. RLS shows them to admins only (others get
 * none), and the hash column is not readable at all: list columns explicitly.
 */
export async function listApiKeys(client: Client) {
  const { data } = await client
    .from('api_keys')
    .select('id, name, prefix, scopes, created_by, created_at, last_used_at, revoked_at, revoked_by')
    .order('revoked_at', { ascending: false, nullsFirst: true })
    .order('created_at', { ascending: false })
    .limit(200)
    .throwOnError();
  return data;
}
export type ApiKeyRow = Awaited<ReturnType<typeof listApiKeys>>[number];

/** A new key in the active organization (admins). The returned `key` is never retrievable again. */
export async function createApiKey(client: Client, args: { name: string; scopes: ApiKeyScope[] }) {
  const { data } = await client.rpc('create_api_key', { p_name: args.name, p_scopes: args.scopes }).throwOnError();
  return data as { id: string; name: string; prefix: string; scopes: string[]; created_at: string; key: string };
}

/** Revokes a key (the database stamps the time and who); returns how many rows RLS let through. */
export async function revokeApiKey(client: Client, args: { id: string }) {
  const { data } = await client
    .from('api_keys')
    .update({ revoked_at: new Date().toISOString() })
    .eq('id', args.id)
    .is('revoked_at', null)
    .select('id')
    .throwOnError();
  return data.length;
}

export async function deleteApiKey(client: Client, args: { id: string }) {
  const { data } = await client.from('api_keys').delete().eq('id', args.id).not('revoked_at', 'is', null).select('id').throwOnError();
  return data.length;
}
