// Messages that need no knowledge lookup: a request for a person, a greeting, thanks.
import { type Key, type Language, say } from '../i18n.ts';

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

export function smallTalkReply(intent: SmallTalk, assistantName: string, language?: Language): string {
  return say(language, intent === 'greeting' ? 'greeting' : intent, { name: assistantName });
}

export function unsureReply(language?: Language): string {
  return say(language, 'offerPerson', { why: say(language, 'whyUnsure') });
}

export function unavailableReply(language?: Language): string {
  return say(language, 'unavailable');
}

export type HandOverReason = 'low_confidence' | 'negative_sentiment' | 'repeated_question';

const WHY: Record<HandOverReason, Key> = { low_confidence: 'whyUnsure', negative_sentiment: 'whyUpset', repeated_question: 'whyRepeated' };

/**
 * The reply when the assistant wants a person for `reason`. emailKnown null: only offered (the
 * visitor chooses "Talk to a human"); true: the ticket is being created; false: asks for the email.
 */
export function handOverReply(reason: HandOverReason, emailKnown: boolean | null, language?: Language): string {
  const why = say(language, WHY[reason]);
  return say(language, emailKnown === null ? 'offerPerson' : emailKnown ? 'passingNow' : 'askEmail', { why });
}

/**
 * The reply on Messenger / Zalo when the assistant hands the customer to the team: there is no
 * "Talk to a human" button and no email to ask for, the team answers in the same chat. `reason`
 * undefined: over the organization's AI budget. Channels send no language: English unless given.
 */
export function channelHandOverReply(reason: HandOverReason | 'visitor_request' | 'agent_takeover' | undefined, language?: Language): string {
  const why =
    reason === undefined
      ? say(language, 'channelWhyBudget')
      : reason === 'visitor_request' || reason === 'agent_takeover'
        ? say(language, 'channelWhyRequest')
        : say(language, WHY[reason]);
  return say(language, 'channelPassing', { why });
}
