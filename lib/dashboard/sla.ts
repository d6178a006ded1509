/**
 * SLA clocks as text. The server renders these (the tickets list and the ticket page are server
 * components), so a time-dependent string never has to match between server and client render.
 */

/** A span of business time: "35 min", "3 h 20 min", "52 h". */
export function businessDuration(seconds: number): string {
  const minutes = Math.max(0, Math.round(seconds / 60));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours >= 24 || rest === 0) return `${hours} h`;
  return `${hours} h ${rest} min`;
}

/** A target in minutes as the admin page and the timers name it: "1 h", "8 h", "90 min". */
export function targetLabel(minutes: number | null | undefined): string {
  if (minutes == null) return 'No target';
  return businessDuration(minutes * 60);
}

export interface SlaClock {
  breached: boolean | null;
  next_due_at: string | null;
  seconds_left: number | null;
  due_soon: boolean | null;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
}

export type SlaState = { kind: 'breached' } | { kind: 'running'; text: string; soon: boolean } | { kind: 'met' } | { kind: 'none' };

/** What a ticket's badge says: breached, the time left to its next deadline, all met, or no targets. */
export function slaState(clock: SlaClock): SlaState {
  if (clock.breached) return { kind: 'breached' };
  if (clock.next_due_at && clock.seconds_left != null) {
    return { kind: 'running', text: `due in ${businessDuration(clock.seconds_left)}`, soon: Boolean(clock.due_soon) };
  }
  if (clock.first_response_minutes != null || clock.resolution_minutes != null) return { kind: 'met' };
  return { kind: 'none' };
}
