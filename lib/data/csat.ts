import type { Client } from '@/lib/supabase/types';

/** A conversation's CSAT ratings, newest first (one per resolution). */
export async function listCsatRatings(client: Client, args: { conversationId: string }) {
  const { data } = await client
    .from('csat_ratings')
    .select('id, rating, comment, created_at, agent_id')
    .eq('conversation_id', args.conversationId)
    .order('created_at', { ascending: false })
    .limit(20)
    .throwOnError();
  return data;
}

export type CsatRating = Awaited<ReturnType<typeof listCsatRatings>>[number];
