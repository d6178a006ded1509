import { call, callJson, isFailure, sendFailureText, type Failure } from './api';
import type { WidgetConfig } from './config';
import { readSse } from './sse';
import { browserStore, clearWebsite, tokenStore } from './storage';
import { newClientMsgId, Thread, type Changes, type Entry } from './thread';
import type { Conversation, DoneEvent, EscalateResponse, MessagesResponse, SessionResponse } from './types';
import { messageError } from './validate';
import { createView, type StatusKind } from './view';

// The controller: the visitor's session, sending with retries, the AI's stream, polling for the
// team's replies, and escalation. State lives here and in Thread; the view only renders it.

const POLL_MS = 3000;

function sessionFailureText(failure: Failure): string {
  switch (failure.kind) {
    case 'network':
      return "Can't reach the chat service.";
    case 'server':
      return 'The chat service is having trouble.';
    case 'rate_limited':
      return `Too many requests, try again in ${failure.retryAfter} s.`;
    case 'session_expired':
      return 'Your chat session could not be started.';
    case 'rejected':
      if (failure.status === 403) return 'Chat is not enabled on this website yet.';
      if (failure.status === 404) return 'This chat is not set up correctly (unknown website key).';
      return failure.message;
  }
}

/** "email: must be a valid email address" → "Must be a valid email address". */
function fieldMessage(message: string): string {
  const text = message.replace(/^[a-z_]+: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Mounts the widget; the returned function tears it down and forgets its stored sessions (Concierge.shutdown()). */
export function mountWidget(config: WidgetConfig): () => void {
  const base = config.functionsUrl;
  const store = browserStore();
  const anonymous = tokenStore(config.websiteKey, store);
  const thread = new Thread();
  let identity = config.identity;
  let tokens = identity ? tokenStore(config.websiteKey, store, identity.external_id) : anonymous;
  // No session of this identity yet: offer the anonymous one, which the server lets them claim
  // (chatting, then logging in, keeps the thread). Its key is freed once claimed.
  let token = tokens.load() ?? (identity ? anonymous.load() : null);
  let claiming = tokens !== anonymous && token !== null && token === anonymous.load();
  let stopped = false;
  let conversation: Conversation | null = null;
  let connected = false;
  let connecting: Promise<boolean> | null = null;
  let open = false;
  let unread = 0;
  let sending = 0;
  let statusKind: StatusKind | null = null;
  let shownTicket: string | null = null;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;

  // escalate reports every outcome in the form itself, so the click handler does not wait for it
  const view = createView({ toggle, send, retry, human, escalate: (email, name) => void escalate(email, name), reconnect: () => void ensureSession() });
  view.host.setAttribute('data-website-id', config.websiteKey);
  document.body.append(view.host);

  function setStatus(kind: StatusKind | null, text?: string) {
    statusKind = kind;
    view.status(kind, text);
  }

  function apply(changes: Changes, countUnread: boolean) {
    for (const e of changes.removed) view.remove(e);
    for (const e of changes.updated.concat(changes.added)) view.upsert(e);
    const fromTeam = changes.added.filter((e) => e.sender === 'agent').length;
    if (countUnread && !open && fromTeam > 0) view.badge((unread += fromTeam));
  }

  function showTicket(ref: string, created: boolean) {
    shownTicket = ref;
    view.ticket(`Ticket ${ref} ${created ? 'created' : 'is open'} — our team will reply here and by email`);
  }

  function setConversation(next: Conversation) {
    conversation = next;
    view.setAgent(next.agent_name);
    if (next.ticket_ref && next.ticket_ref !== shownTicket) showTicket(next.ticket_ref, false);
  }

  // --- session -------------------------------------------------------------------------------

  function ensureSession(): Promise<boolean> {
    if (connected && token) return Promise.resolve(true);
    if (!connecting) connecting = connect().finally(() => (connecting = null));
    return connecting;
  }

  const startSession = () =>
    callJson<SessionResponse>(base, 'widget-session', {
      website_key: config.websiteKey,
      ...(token ? { session_token: token } : {}),
      ...(identity ? { identity } : {}),
    });

  async function connect(): Promise<boolean> {
    setStatus('connecting');
    const hadToken = Boolean(token);
    let result = await startSession();
    if (!result.ok && result.failure.kind === 'session_expired' && (token || identity)) {
      // A rejected or expired identity hash: chat on anonymously. Anything else: the stored token is dead.
      if (result.failure.code === 'identity_failed') {
        identity = undefined;
        tokens = anonymous;
        token = anonymous.load();
        claiming = false;
      } else token = null;
      result = await startSession();
    }
    if (stopped) return false;
    if (!result.ok) {
      // For the site's developer: a refused origin or an unknown key is a setup problem.
      if (result.failure.kind === 'rejected') console.error(`Concierge widget: ${result.failure.message}`);
      setStatus('error', sessionFailureText(result.failure));
      return false;
    }
    const session = result.data;
    const previous = conversation?.id;
    // A different conversation than the one on screen, or than the stored token's (expired).
    const replaced = previous ? previous !== session.conversation.id : hadToken && !session.resumed;
    token = session.session_token;
    if (claiming) anonymous.clear();
    claiming = false;
    tokens.save(token);
    connected = true;
    setStatus(null);
    view.setAssistant(session.assistant.name, session.assistant.greeting);
    if (replaced) {
      thread.reset();
      view.clear(thread.entries);
      view.ticket((shownTicket = null));
      view.notice('Your chat session expired, so this is a new conversation.');
    }
    setConversation(session.conversation);
    apply(thread.merge(session.messages), false);
    schedulePoll();
    return true;
  }

  /** The server no longer knows our token (401): forget it and start a new session. */
  function expire(): Promise<boolean> {
    if (stopped) return Promise.resolve(false);
    token = null;
    connected = false;
    claiming = false;
    tokens.clear();
    return ensureSession();
  }

  // --- polling for the team's replies ---------------------------------------------------------

  const shouldPoll = () => !stopped && connected && !document.hidden && (open || Boolean(conversation?.is_escalated));

  function schedulePoll(delay = POLL_MS) {
    clearTimeout(pollTimer);
    if (shouldPoll()) pollTimer = setTimeout(() => void poll(), delay);
  }

  async function poll() {
    if (!shouldPoll()) return;
    if (sending > 0) return schedulePoll(); // the stream is already delivering this conversation
    const asked = token;
    const result = await callJson<MessagesResponse>(base, 'widget-messages', {
      session_token: asked,
      ...(thread.newest ? { after: thread.newest } : {}),
    });
    if (asked !== token) return schedulePoll();
    if (result.ok) {
      if (statusKind === 'offline') setStatus(null);
      setConversation(result.data.conversation);
      apply(thread.merge(result.data.messages), true);
      return schedulePoll();
    }
    const failure = result.failure;
    if (failure.kind === 'session_expired') return void expire();
    if (failure.kind === 'rate_limited') return schedulePoll(failure.retryAfter * 1000);
    if (failure.kind === 'network' || failure.kind === 'server') setStatus('offline');
    schedulePoll();
  }

  const wake = () => schedulePoll(0);
  const offline = () => setStatus('offline');
  document.addEventListener('visibilitychange', wake);
  window.addEventListener('online', wake);
  window.addEventListener('offline', offline);

  // --- sending ---------------------------------------------------------------------------------

  function send(text: string) {
    const body = text.trim();
    const problem = body ? messageError(body) : null;
    view.composerError(problem);
    if (!body || problem) return;
    view.clearComposer();
    const entry = thread.addVisitor(newClientMsgId(), body);
    view.upsert(entry);
    void deliver(entry, true);
  }

  /** Resends with the same client_msg_id: the server stores the message once and replays the reply. */
  function retry(key: string) {
    const entry = thread.byKey(key);
    if (entry?.state === 'failed') void deliver(entry, true);
  }

  function fail(entry: Entry, failure: Failure, note?: string) {
    const { text, retryable } = sendFailureText(failure);
    Object.assign(entry, { state: 'failed', note: note ?? text, retryable });
    view.upsert(entry);
  }

  async function deliver(entry: Entry, renewExpired: boolean): Promise<void> {
    Object.assign(entry, { state: 'pending', note: null, retryable: false });
    view.upsert(entry);
    sending += 1;
    try {
      if (!(await ensureSession())) return fail(entry, { kind: 'network' }, "Not sent: can't reach the chat service.");
      const response = await call(base, 'chat', { session_token: token, client_msg_id: entry.clientMsgId, body: entry.body }, 30_000);
      if (!isFailure(response)) return await stream(entry, response);
      if (response.kind === 'session_expired' && renewExpired && (await expire())) return await deliver(entry, false);
      fail(entry, response);
    } finally {
      sending -= 1;
    }
  }

  async function stream(entry: Entry, response: Response) {
    const got = { reply: null as Entry | null, done: false, error: null as string | null };
    try {
      await readSse(response, ({ event, data }) => {
        let payload: Record<string, unknown>;
        try {
          payload = JSON.parse(data) as Record<string, unknown>;
        } catch {
          return;
        }
        if (event === 'message' && typeof payload.id === 'string') {
          const shown = thread.confirm(entry, payload.id, String(payload.created_at));
          if (shown) view.remove(shown);
          entry.state = 'sent';
          view.upsert(entry);
        } else if (event === 'delta' && typeof payload.text === 'string') {
          got.reply = got.reply ?? thread.startReply();
          got.reply.body += payload.text;
          view.upsert(got.reply);
        } else if (event === 'done' && typeof payload.id === 'string') {
          got.done = true;
          apply(thread.finishReply(got.reply, payload as unknown as DoneEvent), false);
          view.offerHuman(payload.offer_human === true && !conversation?.is_escalated);
        } else if (event === 'error') {
          got.error = typeof payload.message === 'string' ? payload.message : null;
        }
      });
    } catch {
      // the connection dropped mid-answer: handled below like any missing `done`
    }
    if (got.done) return;
    if (got.reply) {
      thread.remove(got.reply);
      view.remove(got.reply);
    }
    // Stored but unanswered: Retry replays the same client_msg_id, which asks for the answer again.
    if (entry.id === null) fail(entry, { kind: 'network' });
    else fail(entry, { kind: 'network' }, got.error ?? 'No answer yet: the connection dropped.');
  }

  // --- panel and escalation ---------------------------------------------------------------------

  function toggle(next: boolean) {
    if (open === next) return;
    open = next;
    view.setOpen(open);
    if (!open) return schedulePoll();
    view.badge((unread = 0));
    if (connected) schedulePoll(0);
    else void ensureSession();
  }

  function human() {
    toggle(true);
    if (conversation?.ticket_ref) {
      view.notice(`Your ticket ${conversation.ticket_ref} is open — our team will reply here and by email.`);
      return;
    }
    view.offerHuman(false);
    view.showForm(true);
  }

  async function escalate(email: string, name: string) {
    view.form.busy(true);
    try {
      if (!(await ensureSession())) return view.form.error('form', "We couldn't connect. Check your connection and try again.");
      const result = await callJson<EscalateResponse>(base, 'escalate', {
        session_token: token,
        email,
        ...(name ? { name } : {}),
        reason: 'visitor_request',
      });
      if (result.ok) {
        view.showForm(false);
        if (conversation) conversation = { ...conversation, is_escalated: true, ticket_ref: result.data.ticket_ref };
        showTicket(result.data.ticket_ref, result.data.created);
        return schedulePoll();
      }
      const failure = result.failure;
      if (failure.kind === 'rejected') {
        const field = /^name\b/i.test(failure.message) ? 'name' : /email/i.test(failure.message) ? 'email' : 'form';
        view.form.error(field, fieldMessage(failure.message));
      } else if (failure.kind === 'rate_limited') {
        view.form.error('form', `Too many requests, try again in ${failure.retryAfter} s.`);
      } else if (failure.kind === 'session_expired') {
        await expire();
        view.form.error('form', 'Your chat session expired. Please send the form again.');
      } else {
        view.form.error('form', "We couldn't reach our team just now. Please try again.");
      }
    } finally {
      view.form.busy(false);
    }
  }

  if (token) void ensureSession();

  return () => {
    stopped = true;
    connected = false;
    token = null;
    clearTimeout(pollTimer);
    document.removeEventListener('visibilitychange', wake);
    window.removeEventListener('online', wake);
    window.removeEventListener('offline', offline);
    view.host.remove();
    clearWebsite(config.websiteKey, store);
  };
}
