import { createComposer } from './composer';
import type { WidgetConfig } from './config';
import { createEscalation } from './escalation';
import { startPolling } from './polling';
import { createSession } from './session';
import type { WidgetState } from './state';
import { browserStore, clearWebsite } from './storage';
import { Thread } from './thread';
import { createView } from './view';

// The controller: wires the visitor's session (session.ts), sending and the AI's stream
// (composer.ts), polling for the team's replies (polling.ts) and escalation (escalation.ts) to
// the view, and opens and closes the panel. State lives in WidgetState and Thread; the view only
// renders it.

/** Mounts the widget; the returned function tears it down and forgets its stored sessions (Concierge.shutdown()). */
export function mountWidget(config: WidgetConfig): () => void {
  const store = browserStore();
  const w: WidgetState = {
    base: config.functionsUrl,
    view: createView({
      toggle,
      send: (text) => composer.send(text),
      retry: (key) => composer.retry(key),
      human: () => escalation.human(),
      escalate: (email, name) => void escalation.escalate(email, name),
      reconnect: () => void session.ensure(),
    }),
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
  };
  const { view } = w;
  view.host.setAttribute('data-website-id', config.websiteKey);
  document.body.append(view.host);

  const session = createSession(w, config, store, () => polling.schedule());
  const polling = startPolling(w, session);
  const composer = createComposer(w, session);
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
    if (!next) return polling.schedule();
    view.badge((w.unread = 0));
    if (w.connected) polling.schedule(0);
    else void session.ensure();
  }

  if (w.token) void session.ensure();

  return () => {
    w.stopped = true;
    w.connected = false;
    w.token = null;
    polling.stop();
    view.host.remove();
    clearWebsite(config.websiteKey, store);
  };
}
