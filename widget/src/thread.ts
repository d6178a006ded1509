import { systemLine } from './i18n';
import type { DoneEvent, Message, SenderType, Source } from './types';

// The conversation as the widget shows it: one entry per bubble. Messages arrive three ways
// (the session's history, the chat stream, polling), so every merge dedupes by message id, and a
// visitor bubble that has no id yet is matched to its stored copy instead of being shown twice.

export type EntryState = 'sent' | 'pending' | 'failed' | 'streaming';

export interface Entry {
  /** Stable key of the bubble (DOM): the local id until the server names it, then unchanged. */
  key: string;
  id: string | null;
  sender: SenderType;
  body: string;
  createdAt: string | null;
  sources: Source[];
  agentName: string | null;
  clientMsgId: string | null;
  state: EntryState;
  note: string | null;
  retryable: boolean;
  /** the visitor's thumbs on an AI answer (1 helpful, -1 not), as stored by widget-rate */
  rating?: 1 | -1;
}

export interface Changes {
  added: Entry[];
  updated: Entry[];
  removed: Entry[];
}

/** Whether timestamp a is later than b (ISO strings; same-millisecond ties compare as text). */
export function isLater(a: string, b: string | null): boolean {
  if (b === null) return true;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb) || ta === tb) return a > b;
  return ta > tb;
}

/** A v4 UUID for client_msg_id; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newClientMsgId(crypto: Crypto = globalThis.crypto): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let localSeq = 0;

function entry(fields: Partial<Entry> & Pick<Entry, 'key' | 'sender'>): Entry {
  return {
    id: null,
    body: '',
    createdAt: null,
    sources: [],
    agentName: null,
    clientMsgId: null,
    state: 'sent',
    note: null,
    retryable: false,
    ...fields,
  };
}

export class Thread {
  readonly entries: Entry[] = [];
  /** created_at of the newest stored message seen: `after` for the next poll. */
  newest: string | null = null;

  byId(id: string): Entry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  byKey(key: string): Entry | undefined {
    return this.entries.find((e) => e.key === key);
  }

  see(createdAt: string | null | undefined): void {
    if (createdAt && isLater(createdAt, this.newest)) this.newest = createdAt;
  }

  remove(target: Entry): void {
    const index = this.entries.indexOf(target);
    if (index >= 0) this.entries.splice(index, 1);
  }

  /** The visitor's new message, shown before the server has it. */
  addVisitor(clientMsgId: string, body: string): Entry {
    const e = entry({ key: `c-${clientMsgId}`, sender: 'visitor', clientMsgId, body, state: 'pending' });
    this.entries.push(e);
    return e;
  }

  /** An AI bubble that fills as the stream's deltas arrive. */
  startReply(): Entry {
    const e = entry({ key: `s-${++localSeq}`, sender: 'ai', state: 'streaming' });
    this.entries.push(e);
    return e;
  }

  /** The server stored `target` as message `id`; returns another bubble already showing it, now dropped. */
  confirm(target: Entry, id: string, createdAt: string): Entry | null {
    const other = this.byId(id);
    target.id = id;
    target.createdAt = createdAt;
    this.see(createdAt);
    if (other && other !== target) {
      this.remove(other);
      return other;
    }
    return null;
  }

  /** The stream's `done`: the streamed bubble becomes the stored reply (or gives way to it). */
  finishReply(streamed: Entry | null, done: DoneEvent): Changes {
    const changes: Changes = { added: [], updated: [], removed: [] };
    const fields = { id: done.id, body: done.body, createdAt: done.created_at, sources: done.sources ?? [], state: 'sent' as const };
    this.see(done.created_at);
    const stored = this.byId(done.id);
    const target = stored ?? streamed;
    if (streamed && stored && streamed !== stored) {
      this.remove(streamed);
      changes.removed.push(streamed);
    }
    if (target) {
      Object.assign(target, fields);
      changes.updated.push(target);
    } else {
      const e = entry({ key: `m-${done.id}`, sender: 'ai', ...fields });
      this.entries.push(e);
      changes.added.push(e);
    }
    return changes;
  }

  /** Messages from the server (history or a poll), oldest first. */
  merge(messages: readonly Message[]): Changes {
    const changes: Changes = { added: [], updated: [], removed: [] };
    for (const m of messages) {
      this.see(m.created_at);
      // a transition line is worded here, in the visitor's language, from its kind
      const body = m.sender_type === 'system' ? systemLine(m) : m.body;
      const known = this.byId(m.id);
      if (known) {
        if (known.body !== body || known.state === 'streaming') {
          Object.assign(known, { body, sources: m.sources ?? [], state: 'sent' });
          changes.updated.push(known);
        }
        continue;
      }
      const unconfirmed =
        m.sender_type === 'visitor'
          ? this.entries.find((e) => e.id === null && e.sender === 'visitor' && e.body === m.body)
          : m.sender_type === 'ai'
            ? this.entries.find((e) => e.id === null && e.state === 'streaming')
            : undefined;
      if (unconfirmed) {
        // Stored while its send was still running or had failed: same bubble, now with its id.
        // A failed visitor bubble keeps its Retry (the answer may still be missing).
        unconfirmed.id = m.id;
        unconfirmed.createdAt = m.created_at;
        if (m.sender_type === 'ai') Object.assign(unconfirmed, { body: m.body, sources: m.sources ?? [], state: 'sent' });
        changes.updated.push(unconfirmed);
        continue;
      }
      const e = entry({
        key: `m-${m.id}`,
        id: m.id,
        sender: m.sender_type,
        body,
        createdAt: m.created_at,
        sources: m.sources ?? [],
        agentName: m.agent_name,
      });
      this.entries.push(e);
      changes.added.push(e);
    }
    return changes;
  }

  /** A new conversation replaces this one; unsent visitor bubbles stay so they can be retried. */
  reset(): Entry[] {
    const removed = this.entries.filter((e) => !(e.sender === 'visitor' && e.id === null));
    for (const e of removed) this.remove(e);
    this.newest = null;
    return removed;
  }
}
