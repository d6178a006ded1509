import { callJson } from './api';
import { createComposer } from './composer';
import type { WidgetConfig } from './config';
import { createEscalation } from './escalation';
import { startLive } from './live';
import { startPolling } from './polling';
import { createSession } from './session';
import { setHours, type WidgetState } from './state';
import { chooseLanguage, setLanguage, t } from './i18n';
import { browserStore, clearWebsite, type KeyValueStore, refusalStore } from './storage';
import type { Appearance, TeamHours } from './types';
import { Thread } from './thread';
import { createView } from './view';

// The controller: wires the visitor's session (session.ts), sending and the AI's stream
// (composer.ts), the live channel (live.ts) and, as its fallback, polling (polling.ts) for the
// team's replies, and escalation (escalation.ts) to the view, and opens and closes the panel. State lives in WidgetState and Thread; the view only
// renders it.

/** widget-session's answer to `appearance: true`: the look, and whether the team is at work now. */
interface Loaded {
  appearance: Appearance;
  hours?: TeamHours | null;
}

/**
 * The website's look and language (and the team's hours) before anything shows (the launcher is already in its colour,
 * corner and language), without starting a session: null when it cannot be read (the widget then
 * shows its defaults), 'refused' when the website will not chat with this page.
 */
async function loadAppearance(config: WidgetConfig): Promise<Loaded | null | 'refused'> {
  const result = await callJson<Loaded>(config.functionsUrl, 'widget-session', {
    website_key: config.websiteKey,
    appearance: true,
  });
  if (result.ok) return result.data;
  if (result.failure.kind !== 'rejected') return null;
  // for the site's developer: a refused origin or an unknown key is a setup problem
  console.error(`Concierge widget: ${result.failure.message}`);
  return result.failure.status === 403 || result.failure.status === 404 ? 'refused' : null;
}

/** Mounts the widget; the returned function tears it down and forgets its stored sessions (Concierge.shutdown()). */
export function mountWidget(config: WidgetConfig): () => void {
  const store = browserStore();
  const refusals = refusalStore(config.websiteKey, store);
  // refused on an earlier page load: show the visitor nothing (the developer saw the console error)
  if (refusals.active()) return () => clearWebsite(config.websiteKey, store);
  let teardown: (() => void) | null = null;
  let cancelled = false;
  void loadAppearance(config).then((look) => {
    if (cancelled) return;
    if (look === 'refused') return refusals.mark();
    teardown = start(config, store, refusals, look);
  });
  return () => {
    cancelled = true;
    teardown?.();
    clearWebsite(config.websiteKey, store);
  };
}

function start(config: WidgetConfig, store: KeyValueStore, refusals: ReturnType<typeof refusalStore>, loaded: Loaded | null): () => void {
  const look = loaded?.appearance ?? null;
  const language = chooseLanguage(look?.language, navigator.languages ?? [navigator.language]);
  setLanguage(language);
  const w: WidgetState = {
    base: config.functionsUrl,
    language,
    view: createView(
      {
        toggle,
        send: (text) => composer.send(text),
        retry: (key) => composer.retry(key),
        human: () => escalation.human(),
        escalate: (email, name) => void escalation.escalate(email, name),
        reconnect: () => void session.ensure(),
        transcript: () => void transcript(),
        typed: () => live.typed(),
        rate: (key, rating) => void rate(key, rating),
        rateConversation: (rating, comment) => void rateConversation(rating, comment),
      },
      look,
    ),
    thread: new Thread(),
    token: null,
    connected: false,
    stopped: false,
    conversation: null,
    open: false,
    unread: 0,
    sending: 0,
    statusKind: null,
    shownTicket: null,
    teamNoticeShown: false,
    realtimeKey: null,
    hours: null,
    verifiedEmail: null,
    onConversation: () => live.sync(),
  };
  const { view } = w;
  view.host.setAttribute('data-website-id', config.websiteKey);
  document.body.append(view.host);
  setHours(w, loaded?.hours);

  const session = createSession(
    w,
    config,
    store,
    () => {
      polling.schedule();
      void composer.resendOffline();
    },
    () => {
      refusals.mark();
      stop();
    },
  );
  const polling = startPolling(w, session, () => live.up);
  const live = startLive(w, polling);
  const composer = createComposer(w, session);
  // messages typed while offline go out, in order, once the browser is back online
  const online = () => void composer.resendOffline();
  window.addEventListener('online', online);
  const escalation = createEscalation(
    w,
    session,
    () => toggle(true),
    () => polling.schedule(),
  );

  function toggle(next: boolean) {
    if (w.open === next) return;
    w.open = next;
    view.setOpen(next);
    live.sync();
    if (!next) return polling.schedule();
    view.badge((w.unread = 0));
    if (w.connected) polling.schedule(0);
    else void session.ensure();
  }

  async function rate(key: string, rating: 1 | -1) {
    const entry = w.thread.byKey(key);
    if (!entry?.id || !w.token) return;
    const result = await callJson<{ rating: 1 | -1 }>(w.base, 'widget-rate', { session_token: w.token, message_id: entry.id, rating });
    if (!result.ok) return view.notice(t('rateFailed'));
    entry.rating = result.data.rating;
    view.upsert(entry);
  }

  async function rateConversation(rating: number, comment: string) {
    if (!w.token) return;
    const result = await callJson<{ rating: number }>(w.base, 'widget-rate', {
      session_token: w.token,
      csat: rating,
      ...(comment ? { comment } : {}),
    });
    // 409: this resolution was rated already (another tab): nothing left to ask either way
    if (!result.ok && !(result.failure.kind === 'rejected' && result.failure.status === 409)) return view.notice(t('rateFailed'));
    if (w.conversation) w.conversation = { ...w.conversation, csat_due: false };
    view.csat(false);
    view.notice(t('csatThanks'));
  }

  async function transcript() {
    const result = w.token ? await callJson<{ email: string }>(w.base, 'widget-transcript', { session_token: w.token }) : null;
    view.notice(result?.ok ? t('emailing', { email: result.data.email }) : t('emailFailed'));
  }

  if (w.token) void session.ensure();
  // an emailed reply's link (…#concierge-open) brings the visitor back into the conversation
  if (/(^#|&)concierge-open\b/.test(location.hash)) toggle(true);

  function stop() {
    w.stopped = true;
    w.connected = false;
    w.token = null;
    polling.stop();
    live.stop();
    window.removeEventListener('online', online);
    view.host.remove();
  }

  return stop;
}
