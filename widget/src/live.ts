import type { Polling } from './polling';
import { openChannel, realtimeUrl, type Channel, type SocketLike } from './realtime';
import type { WidgetState } from './state';
import { t } from './i18n';

// Live updates: while the panel is open or the team has the conversation, the widget listens on
// the public Realtime topic widget:<conversation.widget_topic>. The database says `changed` there
// (no content) and the widget fetches through its token-checked function; agents say `typing`.
// While the channel is joined polling stands down; when it drops, polling resumes until it is
// joined again, and every (re)join fetches what came after the newest message shown, so nothing
// sent while it was down is missed. While joined there is no polling, so a slow heartbeat (the same
// token-checked fetch) keeps the visitor's session seen while the panel is open and the tab
// visible: the agent-reply email goes only to a visitor who has left (email_claim skips a reply
// whose session was seen within private.email_visitor_away(), two minutes; the fetch bumps
// last_seen_at at most once a minute, so 45 s keeps it under a minute and a half old).

/** How long "is typing" stays up after the agent's last typing event (agents send one every few seconds while typing). */
export const AGENT_TYPING_MS = 6000;
/** The visitor's typing is sent at most this often. */
export const VISITOR_TYPING_MS = 2500;
/** While joined, the panel open and the tab visible, the session is marked seen this often. */
export const SEEN_MS = 45_000;

export interface Live {
  /** Joined: polling stands down. */
  readonly up: boolean;
  /** Opens, keeps or closes the channel for the widget's current state. */
  sync(): void;
  /** The visitor typed (throttled). */
  typed(): void;
  stop(): void;
}

export interface LiveOptions {
  socket?: (url: string) => SocketLike;
  backoffMs?: readonly number[];
  now?: () => number;
}

export function startLive(w: WidgetState, polling: Polling, options: LiveOptions = {}): Live {
  const now = options.now ?? (() => Date.now());
  const url = realtimeUrl(w.base);
  let channel: Channel | null = null;
  let topic: string | null = null;
  let up = false;
  let lastTyped = -Infinity;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let seenTimer: ReturnType<typeof setInterval> | undefined;

  const canOpen = () => Boolean(url && w.realtimeKey && (options.socket || typeof WebSocket === 'function'));
  const wanted = () =>
    !w.stopped && w.connected && (w.open || Boolean(w.conversation?.is_escalated || w.conversation?.handled_by_team))
      ? (w.conversation?.widget_topic ?? null)
      : null;

  function hideTyping() {
    clearTimeout(typingTimer);
    w.view.typing(null);
  }

  function close() {
    if (!channel) return;
    channel.close();
    channel = null;
    topic = null;
    up = false;
    clearInterval(seenTimer);
    hideTyping();
  }

  function sync() {
    const next = canOpen() ? wanted() : null;
    if (next === topic) return;
    const wasUp = up;
    close();
    if (wasUp) polling.schedule(0);
    if (!next || !url || !w.realtimeKey) return;
    topic = next;
    channel = openChannel(
      { url, apikey: w.realtimeKey, topic: `widget:${next}`, socket: options.socket, backoffMs: options.backoffMs },
      {
        up() {
          up = true;
          // caught up on whatever was sent while the channel was down (or before it first joined); marks the session seen
          polling.fetch();
          clearInterval(seenTimer);
          seenTimer = setInterval(() => {
            if (w.open && !document.hidden) polling.fetch();
          }, SEEN_MS);
        },
        down() {
          up = false;
          clearInterval(seenTimer);
          hideTyping();
          polling.schedule(0);
        },
        broadcast(event, payload) {
          const from = (payload as { from?: unknown } | null)?.from;
          if (event === 'changed') {
            if ((payload as { kind?: unknown } | null)?.kind === 'message') hideTyping();
            polling.fetch();
          } else if (event === 'typing' && from === 'agent') {
            w.view.typing(w.conversation?.agent_name || t('support'));
            clearTimeout(typingTimer);
            typingTimer = setTimeout(hideTyping, AGENT_TYPING_MS);
          }
        },
      },
    );
  }

  return {
    get up() {
      return up;
    },
    sync,
    typed() {
      if (!channel || !up || now() - lastTyped < VISITOR_TYPING_MS) return;
      if (channel.send('typing', { from: 'visitor' })) lastTyped = now();
    },
    stop: close,
  };
}
