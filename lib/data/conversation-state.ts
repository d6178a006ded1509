import type { Database } from '@/lib/database.types';
import type { Client } from '@/lib/supabase/types';

export type ConversationState = Database['public']['Enums']['conversation_state'];

/** A conversation's state changes, oldest first (who, when, from, to, and what caused it). */
export async function listTransitions(client: Client, args: { conversationId: string }) {
  const { data } = await client
    .from('conversation_transitions')
    .select('id, from_state, to_state, actor_type, actor_id, actor_name, via, created_at')
    .eq('conversation_id', args.conversationId)
    .order('created_at')
    .order('id')
    .limit(500)
    .throwOnError();
  return data;
}

export type TransitionRow = Awaited<ReturnType<typeof listTransitions>>[number];

/** What an agent may do to a conversation's state from the dashboard (one RPC each). */
export type ConversationMove = 'take_over' | 'hand_back' | 'resolve';

const RPC = {
  take_over: 'take_over_conversation',
  hand_back: 'hand_back_conversation',
  resolve: 'resolve_conversation',
} as const;

/**
 * Runs the move as the signed-in member: the RPC checks that they are an agent (or above) of the
 * conversation's organization and that the move is allowed from the current state; returns the new state.
 */
export async function moveConversation(client: Client, args: { id: string; move: ConversationMove }): Promise<ConversationState> {
  const { data } = await client.rpc(RPC[args.move], { p_conversation_id: args.id }).throwOnError();
  return data;
}
