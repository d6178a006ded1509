import { call, isFailure, sendFailureText, type Failure } from './api';
import type { Session } from './session';
import { readSse } from './sse';
import { apply, showTeamNotice, showTicket, type WidgetState } from './state';
import { newClientMsgId, type Entry } from './thread';
import type { DoneEvent } from './types';
import { messageError } from './validate';
import { t } from './i18n';

// Sending: the visitor's message with retries under one client_msg_id, and the AI's answer
// streamed into the thread as it arrives; or, when the team has the conversation, a note that
// they will answer here (the assistant stays silent).

export interface Composer {
  send(text: string): void;
  /** Resends with the same client_msg_id: the server stores the message once and replays the reply. */
  retry(key: string): void;
  /** Resends, one after another in the order typed, the messages that failed for want of a connection. */
  resendOffline(): Promise<void>;
}

export function createComposer(w: WidgetState, session: Session): Composer {
  const { view, thread } = w;

  // keys of messages that failed because the network was down, oldest first
  const offline = new Set<string>();
  let resending: Promise<void> | null = null;

  function fail(entry: Entry, failure: Failure, note?: string) {
    if (failure.kind === 'network' && entry.id === null) offline.add(entry.key);
    const { text, retryable } = sendFailureText(failure);
    Object.assign(entry, { state: 'failed', note: note ?? text, retryable });
    view.upsert(entry);
  }

  async function deliver(entry: Entry, renewExpired: boolean): Promise<void> {
    offline.delete(entry.key);
    Object.assign(entry, { state: 'pending', note: null, retryable: false });
    view.upsert(entry);
    w.sending += 1;
    try {
      if (!(await session.ensure())) return fail(entry, { kind: 'network' }, t('sendUnreachable'));
      const response = await call(
        w.base,
        'chat',
        { session_token: w.token, client_msg_id: entry.clientMsgId, body: entry.body, language: w.language },
        30_000,
      );
      if (!isFailure(response)) return await stream(entry, response);
      if (response.kind === 'session_expired' && renewExpired && (await session.expire())) return await deliver(entry, false);
      fail(entry, response);
    } finally {
      w.sending -= 1;
    }
  }

  /** The organization hands over at once: the ticket exists already, or the email form opens now. */
  function handOver(done: DoneEvent) {
    if (typeof done.hand_over === 'object' && done.hand_over && w.conversation) {
      w.conversation = { ...w.conversation, is_escalated: true, ticket_ref: done.hand_over.ticket_ref };
      view.offerHuman(false);
      showTicket(w, done.hand_over.ticket_ref, true);
    } else if (done.hand_over === 'ask_email' && !w.conversation?.is_escalated) {
      view.offerHuman(false);
      view.showForm(true);
    } else {
      view.offerHuman(done.offer_human === true && !w.conversation?.is_escalated);
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
          const done = payload as unknown as DoneEvent;
          apply(w, thread.finishReply(got.reply, done), false);
          handOver(done);
        } else if (event === 'team') {
          // stored, and a person will answer: drop any text the assistant streamed before it was silenced
          got.done = true;
          if (got.reply) {
            thread.remove(got.reply);
            view.remove(got.reply);
            got.reply = null;
          }
          // the catalogue's line, in the visitor's language, rather than the function's English notice
          showTeamNotice(w, t('teamHasIt'));
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
    else fail(entry, { kind: 'network' }, got.error ?? t('noAnswer'));
  }

  return {
    send(text) {
      const body = text.trim();
      const problem = body ? messageError(body) : null;
      view.composerError(problem);
      if (!body || problem) return;
      view.clearComposer();
      const entry = thread.addVisitor(newClientMsgId(), body);
      view.upsert(entry);
      void deliver(entry, true);
    },
    retry(key) {
      const entry = thread.byKey(key);
      if (entry?.state === 'failed') void deliver(entry, true);
    },
    resendOffline() {
      resending ??= (async () => {
        for (const key of [...offline]) {
          const entry = thread.byKey(key);
          if (entry?.state !== 'failed') {
            offline.delete(key);
            continue;
          }
          await deliver(entry, true);
          // still failing: the connection is not really back; the next `online` tries again
          if (entry.state === 'failed') break;
        }
      })().finally(() => (resending = null));
      return resending;
    },
  };
}
