/**
 * A canned response's variables, filled in when the reply box inserts it. Only these three are
 * known; any other {{…}} stays as written, so a typo shows in the reply instead of vanishing. A
 * value that is missing (no ticket yet, an anonymous visitor) becomes a neutral word, never
 * "undefined".
 */
export const CANNED_VARIABLES = ['customer.name', 'agent.name', 'ticket.ref'] as const;
export type CannedVariable = (typeof CANNED_VARIABLES)[number];

export interface CannedValues {
  customerName: string | null;
  agentName: string | null;
  ticketRef: string | null;
}

const FALLBACK: Record<CannedVariable, string> = { 'customer.name': 'there', 'agent.name': 'the team', 'ticket.ref': 'your request' };

export function fillTemplate(body: string, values: CannedValues): string {
  const byName: Record<CannedVariable, string | null> = {
    'customer.name': values.customerName,
    'agent.name': values.agentName,
    'ticket.ref': values.ticketRef,
  };
  return body.replace(/\{\{\s*(customer\.name|agent\.name|ticket\.ref)\s*\}\}/g, (_, name: CannedVariable) => {
    const value = byName[name]?.trim();
    return value ? value : FALLBACK[name];
  });
}

/** A canned response as the reply box searches it. */
export interface CannedOption {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  personal: boolean;
}

/**
 * The responses matching what follows "/" (shortcut first, then title and body), a personal one
 * ahead of a shared one with the same shortcut, at most `limit`.
 */
export function searchCanned(options: CannedOption[], query: string, limit = 8): CannedOption[] {
  const q = query.trim().toLowerCase();
  const rank = (o: CannedOption) => {
    if (!q) return 0;
    if (o.shortcut.startsWith(q)) return 0;
    if (o.shortcut.includes(q)) return 1;
    if (o.title.toLowerCase().includes(q)) return 2;
    if (o.body.toLowerCase().includes(q)) return 3;
    return -1;
  };
  return options
    .map((o) => ({ o, r: rank(o) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || Number(b.o.personal) - Number(a.o.personal) || a.o.shortcut.localeCompare(b.o.shortcut))
    .slice(0, limit)
    .map((x) => x.o);
}

/**
 * The "/query" being typed at the caret: a slash at the start of the box or after whitespace,
 * followed by shortcut characters up to the caret. Null when the caret is not in one.
 */
export function slashQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)\/([a-z0-9-]{0,32})$/i.exec(before);
  if (!m) return null;
  return { start: before.length - m[2]!.length - 1, query: m[2]! };
}
