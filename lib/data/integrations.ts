import type { Client } from '@/lib/supabase/types';

/** The organization's Facebook Pages and Zalo OAs (RLS: members of the active organization). */
export async function listIntegrations(client: Client) {
  const { data } = await client
    .from('integrations')
    .select('id, platform, external_id, display_name, status, status_reason, ai_enabled, connected_by, connected_at, last_event_at')
    .order('connected_at', { ascending: false })
    .throwOnError();
  return data;
}

export type IntegrationRow = Awaited<ReturnType<typeof listIntegrations>>[number];

/** Disconnects one (admins; the definer RPC destroys its tokens and frees the page / OA). */
export async function disconnectIntegration(client: Client, id: string) {
  await client.rpc('disconnect_integration', { p_integration: id }).throwOnError();
}

/**
 * Switches the AI concierge on a page / OA (RLS: admins of the active organization). false when no
 * row was changed: not an admin, or not this organization's integration.
 */
export async function setIntegrationAi(client: Client, id: string, enabled: boolean): Promise<boolean> {
  const { data } = await client.from('integrations').update({ ai_enabled: enabled }).eq('id', id).select('id').throwOnError();
  return data.length > 0;
}
