import { callJson } from './api';
import type { Session } from './session';
import { apply, setConversation, setStatus, type WidgetState } from './state';
import type { MessagesResponse } from './types';

// Fetching the team's replies: at once when the live channel (live.ts) says something changed or
// has just (re)joined, and otherwise, as the fallback while that channel is down or unavailable,
// by polling: while the panel is open or the team has the conversation, and the page is visible;
// at once when the page comes back or the network returns.

const POLL_MS = 3000;
/** A fetch asked for while the chat stream is delivering this conversation waits this long. */
const BUSY_RETRY_MS = 1000;

export interface Polling {
  schedule(delay?: number): void;
  /** Fetches what came after the newest message shown, now (or once the running fetch ends). */
  fetch(): void;
  stop(): void;
}

/** `live()`: the live channel is joined, so there is nothing to poll for. */
export function startPolling(w: WidgetState, session: Session, live: () => boolean = () => false): Polling {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busyTimer: ReturnType<typeof setTimeout> | undefined;
  let loading = false;
  let again = false;

  const shouldPoll = () =>
    !live() && !w.stopped && w.connected && !document.hidden && (w.open || Boolean(w.conversation?.is_escalated || w.conversation?.handled_by_team));

  function schedule(delay = POLL_MS) {
    clearTimeout(timer);
    if (shouldPoll()) timer = setTimeout(() => void poll(), delay);
  }

  async function poll() {
    if (!shouldPoll()) return;
    if (w.sending > 0 || loading) return schedule(); // the stream (or a fetch) is already delivering this conversation
    await load();
  }

  function fetch() {
    clearTimeout(busyTimer);
    if (w.stopped || !w.connected) return;
    // a change told while the stream delivers: fetched once it is done, so no half-streamed reply is overwritten
    if (w.sending > 0) busyTimer = setTimeout(fetch, BUSY_RETRY_MS);
    else if (loading) again = true;
    else void load();
  }

  async function load() {
    loading = true;
    try {
      await loadOnce();
    } finally {
      loading = false;
    }
    if (again) {
      again = false;
      fetch();
    }
  }

  async function loadOnce() {
    const asked = w.token;
    const result = await callJson<MessagesResponse>(w.base, 'widget-messages', {
      session_token: asked,
      ...(w.thread.newest ? { after: w.thread.newest } : {}),
    });
    if (asked !== w.token) return schedule();
    if (result.ok) {
      if (w.statusKind === 'offline') setStatus(w, null);
      setConversation(w, result.data.conversation);
      apply(w, w.thread.merge(result.data.messages), true);
      return schedule();
    }
    const failure = result.failure;
    if (failure.kind === 'session_expired') return void session.expire();
    if (failure.kind === 'rate_limited') return schedule(failure.retryAfter * 1000);
    if (failure.kind === 'network' || failure.kind === 'server') setStatus(w, 'offline');
    schedule();
  }

  const wake = () => schedule(0);
  const offline = () => setStatus(w, 'offline');
  document.addEventListener('visibilitychange', wake);
  window.addEventListener('online', wake);
  window.addEventListener('offline', offline);

  return {
    schedule,
    fetch,
    stop() {
      clearTimeout(timer);
      clearTimeout(busyTimer);
      document.removeEventListener('visibilitychange', wake);
      window.removeEventListener('online', wake);
      window.removeEventListener('offline', offline);
    },
  };
}
