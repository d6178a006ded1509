// Messages that need no knowledge lookup: a request for a person, a greeting, thanks.

const handoff =
  /\b(human|person|people|agent|representative|operator|someone|somebody|staff|support team|real person|talk to (a|an|someone)|speak (to|with))\b/i;
const greeting = /^\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|howdy)\b[\s!.,]*$/i;
const thanks = /^\s*(thanks?|thank you|thx|cheers|great,? thanks?)\b[\s!.,]*$/i;

export type SmallTalk = 'handoff' | 'greeting' | 'thanks';

export function detectIntent(message: string): SmallTalk | undefined {
  if (greeting.test(message)) return 'greeting';
  if (thanks.test(message)) return 'thanks';
  if (handoff.test(message)) return 'handoff';
  return undefined;
}

export function smallTalkReply(intent: SmallTalk, assistantName: string): string {
  switch (intent) {
    case 'greeting':
      return `Hello! I'm ${assistantName}. Ask me anything about our products, orders or your account.`;
    case 'thanks':
      return "You're welcome! Is there anything else I can help with?";
    case 'handoff':
      return 'Of course. Choose "Talk to a human" and leave your email: a member of our team will reply here and by email.';
  }
}

export function unsureReply(): string {
  return "I'm not sure I can answer that from our help center. Would you like to talk to a person? Choose \"Talk to a human\" and leave your email.";
}

export function unavailableReply(): string {
  return "I can't answer more questions right now, but a person can. Choose \"Talk to a human\" and leave your email: our team will reply here and by email.";
}

export type HandOverReason = 'low_confidence' | 'negative_sentiment' | 'repeated_question';

/**
 * The reply when the assistant wants a person for `reason`. emailKnown null: only offered (the
 * visitor chooses "Talk to a human"); true: the ticket is being created; false: asks for the email.
 */
export function handOverReply(reason: HandOverReason, emailKnown: boolean | null): string {
  const why =
    reason === 'negative_sentiment'
      ? "I'm sorry this has been frustrating."
      : reason === 'repeated_question'
        ? "It looks like my earlier answer didn't help."
        : "I'm not sure I can answer that from our help center.";
  if (emailKnown === null) return `${why} Would you like to talk to a person? Choose "Talk to a human" and leave your email.`;
  if (emailKnown) return `${why} I'm passing your question to a person from our team: they will reply here and by email.`;
  return `${why} I'm passing your question to a person from our team: leave your email below so they can reply.`;
}

/**
 * The reply on Messenger / Zalo when the assistant hands the customer to the team: there is no
 * "Talk to a human" button and no email to ask for, the team answers in the same chat. `reason`
 * undefined: over the organization's AI budget.
 */
export function channelHandOverReply(reason: HandOverReason | 'visitor_request' | 'agent_takeover' | undefined): string {
  const why =
    reason === undefined
      ? "I can't answer more questions right now."
      : reason === 'visitor_request' || reason === 'agent_takeover'
        ? 'Of course.'
        : handOverReply(reason, true).split(" I'm passing")[0];
  return `${why} I'm passing your message to a person from our team: they will reply here.`;
}
