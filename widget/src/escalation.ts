import { callJson } from './api';
import type { Session } from './session';
import { showTicket, type WidgetState } from './state';
import type { EscalateResponse } from './types';
import { t } from './i18n';

// Asking for a person: the form that turns the conversation into a ticket, or a note that the
// ticket is already open.

export interface Escalation {
  human(): void;
  escalate(email: string, name: string): Promise<void>;
}

/** "email: must be a valid email address" → "Must be a valid email address". */
function fieldMessage(message: string): string {
  const text = message.replace(/^[a-z_]+: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `openPanel` opens the panel; `polled` runs once a ticket exists (its replies are polled for). */
export function createEscalation(w: WidgetState, session: Session, openPanel: () => void, polled: () => void): Escalation {
  const { view } = w;
  return {
    human() {
      openPanel();
      if (w.conversation?.ticket_ref) {
        view.notice(t('yourTicketOpen', { ref: w.conversation.ticket_ref }));
        return;
      }
      view.offerHuman(false);
      view.form.knownEmail(w.verifiedEmail);
      view.showForm(true);
    },

    async escalate(email, name) {
      view.form.busy(true);
      try {
        if (!(await session.ensure())) return view.form.error('form', t('connectFailed'));
        const result = await callJson<EscalateResponse>(w.base, 'escalate', {
          session_token: w.token,
          // none: the server takes the verified identity's
          ...(email ? { email } : {}),
          ...(name ? { name } : {}),
          reason: 'visitor_request',
        });
        if (result.ok) {
          view.showForm(false);
          if (w.conversation) w.conversation = { ...w.conversation, is_escalated: true, ticket_ref: result.data.ticket_ref };
          showTicket(w, result.data.ticket_ref, result.data.created);
          return polled();
        }
        const failure = result.failure;
        if (failure.kind === 'rejected') {
          const field = /^name\b/i.test(failure.message) ? 'name' : /email/i.test(failure.message) ? 'email' : 'form';
          view.form.error(field, fieldMessage(failure.message));
        } else if (failure.kind === 'rate_limited') {
          view.form.error('form', t('tooManyRequests', { s: failure.retryAfter }));
        } else if (failure.kind === 'session_expired') {
          await session.expire();
          view.form.error('form', t('formExpired'));
        } else {
          view.form.error('form', t('teamUnreachable'));
        }
      } finally {
        view.form.busy(false);
      }
    },
  };
}
