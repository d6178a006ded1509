import type { ConversationState } from '@/lib/data/conversation-state';

/** The fields of a transition that its thread line is made of. */
export interface TransitionLineInput {
  from_state: ConversationState;
  to_state: ConversationState;
  actor_type: 'visitor' | 'ai' | 'agent' | 'system';
  actor_name: string | null;
  via: string;
}

function by(t: TransitionLineInput): string {
  if (t.actor_type === 'visitor') return 'the customer';
  if (t.actor_type === 'ai') return 'the assistant';
  if (t.actor_type === 'agent') return t.actor_name ?? 'an agent';
  return 'the system';
}

/**
 * The small system line a transition shows in the dashboard thread ("Grace took over", "Resolved
 * by Alan", "Reopened by the customer"), or null when the message next to it already says it (an
 * agent's reply, the customer's answer).
 */
export function transitionLine(t: TransitionLineInput): string | null {
  const who = by(t);
  if (t.to_state === 'resolved') return `Resolved by ${who}`;
  if (t.from_state === 'resolved') return t.to_state === 'bot' ? `Back with the assistant after ${who} wrote again` : `Reopened by ${who}`;
  if (t.via === 'take_over') return `${capitalize(who)} took over`;
  if (t.via === 'hand_back') return `${capitalize(who)} handed the conversation back to the assistant`;
  if (t.to_state === 'waiting_for_agent') return t.actor_type === 'visitor' ? 'The customer asked for a person' : `Escalated by ${who}`;
  if (t.to_state === 'bot') return `Back with the assistant (${who})`;
  return null;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** How the dashboard names each state. */
export const STATE_LABELS: Record<ConversationState, string> = {
  bot: 'With the assistant',
  waiting_for_agent: 'Waiting for a person',
  with_agent: 'Waiting on the customer',
  needs_reply: 'Needs reply',
  resolved: 'Resolved',
};
