import { callJson, type Failure } from './api';
import type { WidgetConfig } from './config';
import { apply, setConversation, setHours, setStatus, type WidgetState } from './state';
import { tokenStore, type KeyValueStore } from './storage';
import type { SessionResponse } from './types';
import { t } from './i18n';

// The visitor's session: the stored token of this website (and identity), started or resumed
// once however many parts ask for it, renewed when the server forgets it.

export interface Session {
  /** Resolves true once connected; concurrent callers share one attempt. */
  ensure(): Promise<boolean>;
  /** The server no longer knows our token (401): forget it and start a new session. */
  expire(): Promise<boolean>;
}

function sessionFailureText(failure: Failure): string {
  switch (failure.kind) {
    case 'network':
      return t('serviceUnreachable');
    case 'server':
      return t('serviceTrouble');
    case 'rate_limited':
      return t('tooManyRequests', { s: failure.retryAfter });
    case 'session_expired':
      return t('sessionFailed');
    case 'rejected':
      if (failure.status === 403) return t('notEnabled');
      if (failure.status === 404) return t('unknownKey');
      return failure.message;
  }
}

/**
 * `onConnected` runs after every successful start (polling resumes there); `onRefused` when the
 * website will not chat with this page (origin not allowed, unknown key): the visitor should see
 * no widget at all.
 */
export function createSession(w: WidgetState, config: WidgetConfig, store: KeyValueStore, onConnected: () => void, onRefused: () => void): Session {
  const anonymous = tokenStore(config.websiteKey, store);
  let identity = config.identity;
  let tokens = identity ? tokenStore(config.websiteKey, store, identity.external_id) : anonymous;
  // No session of this identity yet: offer the anonymous one, which the server lets them claim
  // (chatting, then logging in, keeps the thread). Its key is freed once claimed.
  w.token = tokens.load() ?? (identity ? anonymous.load() : null);
  let claiming = tokens !== anonymous && w.token !== null && w.token === anonymous.load();
  let connecting: Promise<boolean> | null = null;

  function ensure(): Promise<boolean> {
    if (w.connected && w.token) return Promise.resolve(true);
    if (!connecting) connecting = connect().finally(() => (connecting = null));
    return connecting;
  }

  const start = () =>
    callJson<SessionResponse>(w.base, 'widget-session', {
      website_key: config.websiteKey,
      ...(w.token ? { session_token: w.token } : {}),
      ...(identity ? { identity } : {}),
    });

  async function connect(): Promise<boolean> {
    setStatus(w, 'connecting');
    const hadToken = Boolean(w.token);
    let result = await start();
    if (!result.ok && result.failure.kind === 'session_expired' && (w.token || identity)) {
      // A rejected or expired identity hash: chat on anonymously. Anything else: the stored token is dead.
      if (result.failure.code === 'identity_failed') {
        identity = undefined;
        tokens = anonymous;
        w.token = anonymous.load();
        claiming = false;
      } else w.token = null;
      result = await start();
    }
    if (w.stopped) return false;
    if (!result.ok) {
      // For the site's developer: a refused origin or an unknown key is a setup problem.
      if (result.failure.kind === 'rejected') console.error(`Concierge widget: ${result.failure.message}`);
      if (result.failure.kind === 'rejected' && (result.failure.status === 403 || result.failure.status === 404)) {
        onRefused();
        return false;
      }
      setStatus(w, 'error', sessionFailureText(result.failure));
      return false;
    }
    const session = result.data;
    const previous = w.conversation?.id;
    // A different conversation than the one on screen, or than the stored token's (expired).
    const replaced = previous ? previous !== session.conversation.id : hadToken && !session.resumed;
    w.token = session.session_token;
    w.realtimeKey = session.realtime_key ?? null;
    w.verifiedEmail = session.identity?.identified ? session.identity.email : null;
    if (claiming) anonymous.clear();
    claiming = false;
    tokens.save(w.token);
    w.connected = true;
    setStatus(w, null);
    w.view.setAssistant(session.assistant.name);
    // fresher than the page load's answer: the panel may open hours later
    if (session.hours !== undefined) setHours(w, session.hours);
    if (replaced) {
      w.thread.reset();
      w.view.clear(w.thread.entries);
      w.view.ticket((w.shownTicket = null));
      w.view.notice(t('newConversation'));
    }
    setConversation(w, session.conversation);
    apply(w, w.thread.merge(session.messages), false);
    onConnected();
    return true;
  }

  function expire(): Promise<boolean> {
    if (w.stopped) return Promise.resolve(false);
    w.token = null;
    w.connected = false;
    claiming = false;
    tokens.clear();
    return ensure();
  }

  return { ensure, expire };
}
