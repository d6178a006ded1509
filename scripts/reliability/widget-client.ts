import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A simulated widget visitor, calling the functions as widget/src does: widget-session from the
 * site's page (Origin), then `chat` with a client_msg_id per message. A send that fails for want
 * of a connection or on the server's side (network error, 5xx, a stream that ends without `done`)
 * is resent with the same client_msg_id, as the widget's Retry and its resend-when-online do
 * (widget/src/composer.ts): the server stores the message once and replays the reply. 429 waits
 * the Retry-After; any other 4xx is final.
 */
export const CHAT_TIMEOUT_MS = 30_000; // widget/src/composer.ts
export const CALL_TIMEOUT_MS = 20_000; // widget/src/api.ts

export interface Visitor {
  ip: string;
  token: string;
  conversationId: string;
}

export interface Turn {
  clientMsgId: string;
  conversationId: string;
  /** the stored message's id, once a `message` event acknowledged it */
  acknowledgedId: string | null;
  /** the AI reply's id from `done` (null when the team has the conversation: `team`) */
  replyId: string | null;
  /** resolved: `done` or `team` arrived */
  done: boolean;
  attempts: number;
  /** why the last attempt failed, when `done` is false */
  lastFailure: string | null;
  /** wall time of each attempt that ended in an error (ms) */
  failedAttemptMs: number[];
  /** ms from the first attempt to `done` */
  ms: number | null;
}

const parseEvents = (text: string) =>
  text
    .split('\n\n')
    .map((block) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trim());
      }
      return data.length ? { event, data: JSON.parse(data.join('\n')) as Record<string, unknown> } : null;
    })
    .filter((e): e is { event: string; data: Record<string, unknown> } => e !== null);

/** `functions`: the functions' base URL (`<api>/functions/v1` through a gateway, or a runtime's own URL). */
async function post(functions: string, name: string, body: unknown, headers: Record<string, string>, timeoutMs: number) {
  return fetch(`${functions}/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/** widget-session, retried like the widget's connect (network and 5xx) until `deadline`. */
export async function openVisitor(functions: string, site: { key: string; origin: string }, ip: string, deadline: number): Promise<Visitor> {
  for (;;) {
    try {
      const res = await post(functions, 'widget-session', { website_key: site.key }, { origin: site.origin, 'x-forwarded-for': ip }, CALL_TIMEOUT_MS);
      if (res.ok) {
        const s = (await res.json()) as { session_token: string; conversation_id: string };
        return { ip, token: s.session_token, conversationId: s.conversation_id };
      }
      const text = await res.text();
      if (res.status < 500 && res.status !== 429) throw new Error(`widget-session ${res.status}: ${text}`);
    } catch (error) {
      if ((error as Error).message.startsWith('widget-session')) throw error;
    }
    if (Date.now() > deadline) throw new Error('widget-session did not answer before the deadline');
    await sleep(500 + Math.random() * 500);
  }
}

/** One attempt: what the stream said. */
async function attempt(functions: string, v: Visitor, turn: Turn, body: string): Promise<string | null> {
  let res: Response;
  try {
    res = await post(
      functions,
      'chat',
      { session_token: v.token, client_msg_id: turn.clientMsgId, body },
      { 'x-forwarded-for': v.ip },
      CHAT_TIMEOUT_MS,
    );
  } catch (error) {
    return `network: ${(error as Error).name}`;
  }
  if (res.status !== 200) {
    const text = await res.text().catch(() => '');
    if (res.status === 429) return 'rate_limited';
    return res.status >= 500 ? `http ${res.status}` : `final: http ${res.status} ${text.slice(0, 200)}`;
  }
  let text = '';
  try {
    text = await res.text();
  } catch {
    // the stream broke off; what arrived before is still parsed below
  }
  let events: ReturnType<typeof parseEvents> = [];
  try {
    events = parseEvents(text.slice(0, text.lastIndexOf('\n\n') + 2));
  } catch {
    return 'stream: unparsable';
  }
  for (const e of events) {
    if (e.event === 'message' && typeof e.data.id === 'string') turn.acknowledgedId = e.data.id;
    if (e.event === 'done' && typeof e.data.id === 'string') {
      turn.replyId = e.data.id;
      turn.done = true;
    }
    if (e.event === 'team') turn.done = true;
  }
  if (turn.done) return null;
  const error = events.find((e) => e.event === 'error');
  return error ? `stream error: ${String(error.data.code)}` : 'stream: ended without done';
}

/** Sends one message until it is answered, a final refusal, or `deadline`. */
export async function sendUntilAnswered(functions: string, v: Visitor, clientMsgId: string, body: string, deadline: number): Promise<Turn> {
  const turn: Turn = {
    clientMsgId,
    conversationId: v.conversationId,
    acknowledgedId: null,
    replyId: null,
    done: false,
    attempts: 0,
    lastFailure: null,
    failedAttemptMs: [],
    ms: null,
  };
  const first = performance.now();
  let backoff = 300;
  for (;;) {
    turn.attempts += 1;
    const t = performance.now();
    const failure = await attempt(functions, v, turn, body);
    if (!failure) {
      turn.ms = performance.now() - first;
      turn.lastFailure = null;
      return turn;
    }
    turn.failedAttemptMs.push(performance.now() - t);
    turn.lastFailure = failure;
    if (failure.startsWith('final') || Date.now() > deadline) return turn;
    await sleep((failure === 'rate_limited' ? 2000 : backoff) + Math.random() * backoff);
    backoff = Math.min(backoff * 2, 3000);
  }
}
