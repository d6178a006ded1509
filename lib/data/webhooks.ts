import type { Database } from '@/lib/database.types';
import type { Client } from '@/lib/supabase/types';

export type WebhookEvent = Database['public']['Enums']['webhook_event'];

/** The organization's endpoints (RLS: admins only); the secret itself is never readable, only its hint. */
export async function listWebhookEndpoints(client: Client) {
  const { data } = await client
    .from('webhook_endpoints')
    .select('id, url, description, events, enabled, secret_hint, created_at')
    .order('created_at', { ascending: true })
    .limit(50)
    .throwOnError();
  return data;
}
export type WebhookEndpointRow = Awaited<ReturnType<typeof listWebhookEndpoints>>[number];

/** The latest deliveries of the organization, newest first, with the receiver's last answer. */
export async function listWebhookDeliveries(client: Client, args: { limit: number }) {
  const { data } = await client
    .from('webhook_deliveries')
    .select(
      'id, endpoint_id, event_type, status, attempts, next_attempt_at, response_status, response_excerpt, error_message, delivered_at, created_at',
    )
    .order('created_at', { ascending: false })
    .limit(args.limit)
    .throwOnError();
  return data;
}
export type WebhookDeliveryRow = Awaited<ReturnType<typeof listWebhookDeliveries>>[number];

/** A new endpoint (admins); the returned secret is shown once and never again. */
export async function createWebhookEndpoint(client: Client, args: { url: string; events: WebhookEvent[]; description: string | null }) {
  const { data } = await client
    .rpc('create_webhook_endpoint', { p_url: args.url, p_events: args.events, p_description: args.description ?? undefined })
    .throwOnError();
  return data[0]!;
}

export async function rotateWebhookSecret(client: Client, args: { id: string }) {
  const { data } = await client.rpc('rotate_webhook_secret', { p_endpoint: args.id }).throwOnError();
  return data;
}

/** Pauses or resumes an endpoint; returns how many rows RLS let through. */
export async function setWebhookEnabled(client: Client, args: { id: string; enabled: boolean }) {
  const { data } = await client.from('webhook_endpoints').update({ enabled: args.enabled }).eq('id', args.id).select('id').throwOnError();
  return data.length;
}

export async function deleteWebhookEndpoint(client: Client, args: { id: string }) {
  const { data } = await client.from('webhook_endpoints').delete().eq('id', args.id).select('id').throwOnError();
  return data.length;
}

export async function redeliverWebhook(client: Client, args: { id: string }) {
  await client.rpc('redeliver_webhook', { p_delivery: args.id }).throwOnError();
}
