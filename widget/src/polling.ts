import { callJson } from './api';
import type { Session } from './session';
import { apply, setConversation, setStatus, type WidgetState } from './state';
import type { MessagesResponse } from './types';

// Polling for the team's replies: while the panel is open or the team has the conversation, and
// the page is visible; at once when the page comes back or the network returns.

const POLL_MS = 3000;

export interface Polling {
  schedule(delay?: number): void;
  stop(): void;
}

export function startPolling(w: WidgetState, session: Session): Polling {
  let timer: ReturnType<typeof setTimeout> | undefined;

  const shouldPoll = () =>
    !w.stopped && w.connected && !document.hidden && (w.open || Boolean(w.conversation?.is_escalated || w.conversation?.handled_by_team));

  function schedule(delay = POLL_MS) {
    clearTimeout(timer);
    if (shouldPoll()) timer = setTimeout(() => void poll(), delay);
  }

  async function poll() {
    if (!shouldPoll()) return;
    if (w.sending > 0) return schedule(); // the stream is already delivering this conversation
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
    stop() {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', wake);
      window.removeEventListener('online', wake);
      window.removeEventListener('offline', offline);
    },
  };
}
