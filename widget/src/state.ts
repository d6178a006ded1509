import { type Language, t } from './i18n';
import type { Changes, Thread } from './thread';
import type { Conversation, TeamHours } from './types';
import type { StatusKind, View } from './view';

// What the controller's parts (session, polling, composer, escalation) share: the state of one
// mounted widget, and the few updates of it that more than one part makes. The view renders it.

export interface WidgetState {
  base: string;
  /** the widget's language: the assistant answers in it (chat's `language`) */
  language: Language;
  view: View;
  thread: Thread;
  token: string | null;
  connected: boolean;
  stopped: boolean;
  conversation: Conversation | null;
  open: boolean;
  unread: number;
  sending: number;
  statusKind: StatusKind | null;
  shownTicket: string | null;
  /** The "team has this conversation" notice is on screen (shown once per hand-over). */
  teamNoticeShown: boolean;
  /** The anon key widget-session handed over for the Realtime socket. */
  realtimeKey: string | null;
  /** Whether the team is at work (widget-session's `hours`); null: unknown, treated as open. */
  hours: TeamHours | null;
  /** The email of the visitor's signed identity: the hand-over uses it instead of asking. */
  verifiedEmail: string | null;
  /** Runs after the conversation changed (live.ts opens or closes its channel accordingly). */
  onConversation(): void;
}

export function setStatus(w: WidgetState, kind: StatusKind | null, text?: string) {
  w.statusKind = kind;
  w.view.status(kind, text);
}

export function apply(w: WidgetState, changes: Changes, countUnread: boolean) {
  for (const e of changes.removed) w.view.remove(e);
  for (const e of changes.updated.concat(changes.added)) w.view.upsert(e);
  const fromTeam = changes.added.filter((e) => e.sender === 'agent').length;
  if (countUnread && !w.open && fromTeam > 0) w.view.badge((w.unread += fromTeam));
}

export function showTicket(w: WidgetState, ref: string, created: boolean) {
  w.shownTicket = ref;
  w.view.ticket(t(created ? 'ticketCreated' : 'ticketOpen', { ref }));
  // a hand-over outside business hours: say when a person will actually read it
  if (created && w.hours && !w.hours.open) w.view.notice(t('awayReply', { time: backTime(w) }));
}

/** When the team is back, in the visitor's language and their own time zone (the browser's). */
function backTime(w: WidgetState): string {
  const at = w.hours?.back_at ? new Date(w.hours.back_at) : null;
  if (!at || Number.isNaN(at.getTime())) return t('awaySoon');
  return new Intl.DateTimeFormat(w.language, { weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' }).format(at);
}

/** Outside business hours the panel says so (the organization's own text, else when the team is back); the AI still answers. */
export function setHours(w: WidgetState, hours: TeamHours | null | undefined) {
  w.hours = hours ?? null;
  w.view.away(w.hours && !w.hours.open ? (w.hours.offline_message ?? t('away', { time: backTime(w) })) : null);
}

/** The team has the conversation: say so once, instead of an assistant's answer. */
export function showTeamNotice(w: WidgetState, notice: string) {
  if (w.conversation) w.conversation = { ...w.conversation, handled_by_team: true };
  w.onConversation();
  w.view.offerHuman(false);
  if (w.teamNoticeShown) return;
  w.teamNoticeShown = true;
  w.view.notice(notice);
}

export function setConversation(w: WidgetState, next: Conversation) {
  w.conversation = next;
  // back with the assistant: the next hand-over is announced again
  if (next.handled_by_team === false) w.teamNoticeShown = false;
  w.view.setAgent(next.agent_name);
  w.view.csat(next.csat_due === true);
  if (next.ticket_ref && next.ticket_ref !== w.shownTicket) showTicket(w, next.ticket_ref, false);
  w.onConversation();
}
