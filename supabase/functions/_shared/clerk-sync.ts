import { clerkApi, drainClerkOutbox, type DrainResult, type OutboxRpc } from './clerk-api.ts';
import { serviceClient } from './supabase.ts';

// Clerk mode is on when the functions hold a Clerk secret key: changes of organizations and
// memberships are then queued (private.clerk_outbox) and sent to Clerk's Backend API.

export function clerkSecretKey(): string | null {
  return Deno.env.get('CLERK_SECRET_KEY') || null;
}

/** Drain the outbox with the service role (its clerk_outbox_* RPCs only); null in local mode. */
export async function drainOutbox(budgetMs: number): Promise<DrainResult | null> {
  const secretKey = clerkSecretKey();
  if (!secretKey) return null;
  // service role, for the clerk_outbox_* RPCs only; listed in SECURITY.md
  const client = serviceClient();
  const rpc: OutboxRpc = (fn, args) => client.rpc(fn as 'clerk_outbox_claim', args);
  const api = clerkApi({ secretKey, apiUrl: Deno.env.get('CLERK_API_URL') || undefined });
  return await drainClerkOutbox(rpc, api, { budgetMs });
}
