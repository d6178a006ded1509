import type { CannedOption } from '@/lib/canned/template';
import type { Client } from '@/lib/supabase/types';

/**
 * The canned responses the signed-in member may use: the organization's shared ones and their own
 * personal ones (RLS hides colleagues' personal ones), by shortcut.
 */
export async function listCannedResponses(client: Client) {
  const { data } = await client
    .from('canned_responses')
    .select('id, owner_id, shortcut, title, body, updated_at')
    .order('shortcut')
    .limit(500)
    .throwOnError();
  return data;
}
export type CannedResponseRow = Awaited<ReturnType<typeof listCannedResponses>>[number];

/** What the reply box searches. */
export async function cannedOptions(client: Client): Promise<CannedOption[]> {
  return (await listCannedResponses(client)).map((r) => ({
    id: r.id,
    shortcut: r.shortcut,
    title: r.title,
    body: r.body,
    personal: r.owner_id !== null,
  }));
}

/** A new response: shared (admins) when ownerId is null, else the member's own. */
export async function createCannedResponse(
  client: Client,
  args: { organizationId: string; ownerId: string | null; shortcut: string; title: string; body: string },
) {
  await client
    .from('canned_responses')
    .insert({ organization_id: args.organizationId, owner_id: args.ownerId, shortcut: args.shortcut, title: args.title, body: args.body })
    .throwOnError();
}

/** Edits a response; returns how many rows RLS let through (0: not yours to edit, or gone). */
export async function updateCannedResponse(client: Client, args: { id: string; shortcut: string; title: string; body: string }) {
  const { data } = await client
    .from('canned_responses')
    .update({ shortcut: args.shortcut, title: args.title, body: args.body })
    .eq('id', args.id)
    .select('id')
    .throwOnError();
  return data.length;
}

export async function deleteCannedResponse(client: Client, args: { id: string }) {
  const { data } = await client.from('canned_responses').delete().eq('id', args.id).select('id').throwOnError();
  return data.length;
}
