// The local summarizer: an extractive summary, i.e. the transcript's own most telling sentences
// (the visitor's first question, and the reply sentence sharing the most of the conversation's
// vocabulary), labelled by speaker, plus how the conversation ended. No Deno API: plain TS.

export interface TranscriptMessage {
  sender_type: 'visitor' | 'ai' | 'agent';
  body: string;
}

export interface Transcript {
  is_resolved: boolean;
  is_escalated: boolean;
  escalated_reason: string | null;
  messages: TranscriptMessage[];
}

const MAX_SENTENCE = 200;
const STOPWORDS = new Set(
  ('a an and are as at be but by can could do does for from had has have hi hello how i if in into is it its me my no not of on ' +
    'or our please so than thanks thank that the their them then there these they this to too us was we were what when where which ' +
    'who why will with would you your yes ok okay').split(' '),
);
const LABEL = { visitor: 'Visitor', ai: 'AI', agent: 'Agent' } as const;

function sentences(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.match(/[^.!?]+(?:[.!?]+(?=\s|$)|$)/g)?.map((s) => s.trim()).filter((s) => /\p{L}/u.test(s)) ?? [];
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 2 && !STOPWORDS.has(w));
}

function clip(sentence: string): string {
  if (sentence.length <= MAX_SENTENCE) return sentence;
  return `${sentence.slice(0, MAX_SENTENCE - 1).replace(/\s+\S*$/, '')}…`;
}

function outcome(t: Transcript): string {
  if (t.is_escalated) {
    const reason = t.escalated_reason ? ` (${t.escalated_reason.replace(/_/g, ' ')})` : '';
    return t.is_resolved ? `Escalated to a person${reason}, then resolved.` : `Escalated to a person${reason}.`;
  }
  const human = t.messages.some((m) => m.sender_type === 'agent');
  if (t.is_resolved) return human ? 'Resolved by the team.' : 'Resolved without a person.';
  if (!t.messages.some((m) => m.sender_type !== 'visitor')) return 'No reply yet.';
  return human ? 'Answered by the team.' : 'Answered by the AI.';
}

export function extractiveSummary(t: Transcript): string {
  const all = t.messages.flatMap((m, position) =>
    sentences(m.body).map((s, index) => ({ s, sender: m.sender_type, order: position * 1000 + index }))
  );
  if (all.length === 0) return outcome(t);
  const frequency = new Map<string, number>();
  for (const { s } of all) for (const w of new Set(words(s))) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const score = (s: string) => {
    const ws = words(s);
    return ws.length === 0 ? 0 : ws.reduce((sum, w) => sum + (frequency.get(w) ?? 0), 0) / Math.sqrt(ws.length);
  };

  const question = all.find((x) => x.sender === 'visitor') ?? all[0]!;
  const replies = all.filter((x) => x.sender !== 'visitor' && x.order > question.order);
  const answer = replies.reduce<(typeof replies)[number] | undefined>(
    (best, x) => (best === undefined || score(x.s) > score(best.s) ? x : best),
    undefined,
  );
  const picked = [question, ...(answer ? [answer] : [])].sort((a, b) => a.order - b.order);
  return [...picked.map((x) => `${LABEL[x.sender]}: ${clip(x.s)}`), outcome(t)].join(' ');
}
