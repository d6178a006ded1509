import type { Client } from '@/lib/supabase/types';

/** The active organization's visitors, most recently seen first, with their conversation count. */
export async function listVisitors(client: Client, args: { page: number; pageSize: number }) {
  const from = (args.page - 1) * args.pageSize;
  const { data, count } = await client
    .from('visitors')
    .select('id, name, email, external_id, first_seen_at, last_seen_at, website:websites(id, name), conversations(count)', {
      count: 'exact',
    })
    .order('last_seen_at', { ascending: false })
    .order('id')
    .range(from, from + args.pageSize - 1)
    .throwOnError();
  return {
    rows: data.map(({ conversations, ...visitor }) => ({ ...visitor, conversationCount: conversations[0]?.count ?? 0 })),
    total: count ?? 0,
  };
}

export type VisitorRow = Awaited<ReturnType<typeof listVisitors>>['rows'][number];
