import type { WebSocket } from 'ws';
import type { Extension, Identity } from './authorization';
import { encodeFrame } from './protocol';

// The channels this service holds: who is subscribed to which topic, and the pushes and presence
// updates that go to them.

export interface Subscription {
  socket: WebSocket;
  topic: string;
  /** realtime.topic(): the channel name without the `realtime:` prefix */
  subTopic: string;
  joinRef: string | null;
  private: boolean;
  self: boolean;
  presenceKey: string;
  presenceEnabled: boolean;
  identity: Identity;
  /** write checks, cached for the channel's life as hosted Realtime does, reset on a new token */
  writable: Map<Extension, boolean>;
  presence?: Record<string, unknown>;
}

export const byTopic = new Map<string, Set<Subscription>>();

export function send(socket: WebSocket, data: string) {
  if (socket.readyState === socket.OPEN) socket.send(data);
}

export function push(sub: Subscription, event: string, payload: Record<string, unknown>) {
  send(sub.socket, encodeFrame({ joinRef: sub.joinRef, ref: null, topic: sub.topic, event, payload }));
}

export function presenceState(topic: string): Record<string, { metas: Record<string, unknown>[] }> {
  const state: Record<string, { metas: Record<string, unknown>[] }> = {};
  for (const sub of byTopic.get(topic) ?? []) {
    if (!sub.presence) continue;
    (state[sub.presenceKey] ??= { metas: [] }).metas.push(sub.presence);
  }
  return state;
}

export function presenceDiff(topic: string, joins: Record<string, unknown>, leaves: Record<string, unknown>) {
  for (const other of byTopic.get(topic) ?? []) if (other.presenceEnabled) push(other, 'presence_diff', { joins, leaves });
}

export function untrack(sub: Subscription) {
  if (!sub.presence) return;
  const left = sub.presence;
  sub.presence = undefined;
  presenceDiff(sub.topic, {}, { [sub.presenceKey]: { metas: [left] } });
}

export function unsubscribe(sub: Subscription) {
  const subs = byTopic.get(sub.topic);
  subs?.delete(sub);
  if (subs?.size === 0) byTopic.delete(sub.topic);
  untrack(sub);
}

/** Ends a channel from the server side: a system message saying why, then phx_close. */
export function closeChannel(sub: Subscription, message: string) {
  push(sub, 'system', { extension: 'system', status: 'error', message });
  push(sub, 'phx_close', {});
  unsubscribe(sub);
}
