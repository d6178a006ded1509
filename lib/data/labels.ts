import type { Client } from '@/lib/supabase/types';

/** The active organization's labels, by name. */
export async function listLabels(client: Client) {
  const { data } = await client.from('labels').select('id, name, color').order('name').limit(200).throwOnError();
  return data;
}
export type LabelRow = Awaited<ReturnType<typeof listLabels>>[number];

export async function createLabel(client: Client, args: { organizationId: string; name: string; color: string }) {
  await client.from('labels').insert({ organization_id: args.organizationId, name: args.name, color: args.color }).throwOnError();
}

/** Renames or recolours a label; returns how many rows RLS let through (admins only). */
export async function updateLabel(client: Client, args: { id: string; name: string; color: string }) {
  const { data } = await client.from('labels').update({ name: args.name, color: args.color }).eq('id', args.id).select('id').throwOnError();
  return data.length;
}

export async function deleteLabel(client: Client, args: { id: string }) {
  const { data } = await client.from('labels').delete().eq('id', args.id).select('id').throwOnError();
  return data.length;
}

/** The label ids on one conversation or ticket. */
export async function labelIdsOf(client: Client, args: { conversationId: string } | { ticketId: string }) {
  if ('conversationId' in args) {
    const { data } = await client.from('conversation_labels').select('label_id').eq('conversation_id', args.conversationId).throwOnError();
    return data.map((r) => r.label_id);
  }
  const { data } = await client.from('ticket_labels').select('label_id').eq('ticket_id', args.ticketId).throwOnError();
  return data.map((r) => r.label_id);
}

/** Puts a label on (or takes it off) a conversation or a ticket; putting one that is there already is a no-op. */
export async function setLabel(
  client: Client,
  args: { organizationId: string; labelId: string; on: boolean; target: { conversationId: string } | { ticketId: string } },
) {
  if ('conversationId' in args.target) {
    const where = { conversation_id: args.target.conversationId, label_id: args.labelId };
    if (args.on)
      await client
        .from('conversation_labels')
        .upsert({ organization_id: args.organizationId, ...where }, { ignoreDuplicates: true })
        .throwOnError();
    else await client.from('conversation_labels').delete().match(where).throwOnError();
    return;
  }
  const where = { ticket_id: args.target.ticketId, label_id: args.labelId };
  if (args.on)
    await client
      .from('ticket_labels')
      .upsert({ organization_id: args.organizationId, ...where }, { ignoreDuplicates: true })
      .throwOnError();
  else await client.from('ticket_labels').delete().match(where).throwOnError();
}

/** Each label with its open inbox conversations (public.inbox_label_counts). */
export async function getInboxLabelCounts(client: Client) {
  const { data } = await client.rpc('inbox_label_counts').throwOnError();
  return data;
}

/** Each label with the tickets carrying it, whatever their status (public.ticket_label_counts). */
export async function getTicketLabelCounts(client: Client) {
  const { data } = await client.rpc('ticket_label_counts').throwOnError();
  return data;
}

/** Each label with the conversations and tickets of a period that carry it (public.label_counts). */
export async function getLabelCounts(client: Client, args: { from: string; to: string }) {
  const { data } = await client.rpc('label_counts', { p_from: args.from, p_to: args.to }).throwOnError();
  return data;
}
