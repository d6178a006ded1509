import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { canRead, canWrite, TokenError, type Extension, type Identity, type tokenVerifier } from './authorization';
import { reply, type Frame } from './protocol';
import { byTopic, closeChannel, presenceDiff, presenceState, push, send, unsubscribe, untrack, type Subscription } from './topics';

type Verify = ReturnType<typeof tokenVerifier>;

const joinConfig = z.object({
  config: z
    .object({
      broadcast: z.object({ self: z.boolean().optional(), ack: z.boolean().optional() }).partial().optional(),
      presence: z.object({ key: z.string().optional(), enabled: z.boolean().optional() }).partial().optional(),
      postgres_changes: z.array(z.unknown()).optional(),
      private: z.boolean().optional(),
    })
    .optional(),
  access_token: z.string().optional(),
});

/** One client socket: its channels, and the Phoenix events it sends (join, leave, token, broadcast, presence). */
export class Connection {
  readonly subs = new Map<string, Subscription>();
  constructor(
    readonly socket: WebSocket,
    readonly apiKey: string,
    private readonly pool: pg.Pool,
    private readonly verify: Verify,
  ) {}

  async handle(frame: Frame) {
    if (frame.topic === 'phoenix' && frame.event === 'heartbeat') return send(this.socket, reply(frame, 'ok', {}));
    switch (frame.event) {
      case 'phx_join':
        return this.join(frame);
      case 'phx_leave':
        return this.leave(frame);
      case 'access_token':
        return this.refresh(frame);
      case 'broadcast':
        return this.broadcast(frame);
      case 'presence':
        return this.presence(frame);
      default:
        return send(this.socket, reply(frame, 'error', { reason: `unknown event ${frame.event}` }));
    }
  }

  private async join(frame: Frame) {
    const parsed = joinConfig.safeParse(frame.payload);
    if (!parsed.success || !frame.topic.startsWith('realtime:')) {
      return send(this.socket, reply(frame, 'error', { reason: 'malformed join' }));
    }
    const config = parsed.data.config ?? {};
    if ((config.postgres_changes ?? []).length > 0) {
      return send(this.socket, reply(frame, 'error', { reason: 'postgres_changes is not available on the local Realtime service' }));
    }
    let identity: Identity;
    try {
      identity = await this.verify(parsed.data.access_token ?? this.apiKey);
    } catch (error) {
      return send(this.socket, reply(frame, 'error', { reason: error instanceof TokenError ? error.message : 'Invalid token' }));
    }
    const subTopic = frame.topic.slice('realtime:'.length);
    const isPrivate = config.private === true;
    if (isPrivate && !(await canRead(this.pool, identity, subTopic))) {
      return send(
        this.socket,
        reply(frame, 'error', { reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic}` }),
      );
    }
    const previous = this.subs.get(frame.topic);
    if (previous) unsubscribe(previous);
    const sub: Subscription = {
      socket: this.socket,
      topic: frame.topic,
      subTopic,
      joinRef: frame.joinRef,
      private: isPrivate,
      self: config.broadcast?.self === true,
      presenceKey: config.presence?.key || randomUUID(),
      presenceEnabled: config.presence?.enabled === true,
      identity,
      writable: new Map(),
    };
    this.subs.set(frame.topic, sub);
    if (!byTopic.has(frame.topic)) byTopic.set(frame.topic, new Set());
    byTopic.get(frame.topic)?.add(sub);
    send(this.socket, reply(frame, 'ok', { postgres_changes: [] }));
    if (sub.presenceEnabled) push(sub, 'presence_state', presenceState(frame.topic));
  }

  private leave(frame: Frame) {
    const sub = this.subs.get(frame.topic);
    send(this.socket, reply(frame, 'ok', {}));
    if (!sub) return;
    this.subs.delete(frame.topic);
    unsubscribe(sub);
    push(sub, 'phx_close', {});
  }

  private async refresh(frame: Frame) {
    const sub = this.subs.get(frame.topic);
    const token = frame.payload.access_token;
    if (!sub || typeof token !== 'string') return;
    try {
      sub.identity = await this.verify(token);
    } catch (error) {
      this.subs.delete(frame.topic);
      return closeChannel(sub, error instanceof TokenError ? error.message : 'Invalid token');
    }
    sub.writable.clear();
    if (sub.private && !(await canRead(this.pool, sub.identity, sub.subTopic))) {
      this.subs.delete(frame.topic);
      closeChannel(sub, `Unauthorized: You do not have permissions to read from this Channel topic: ${sub.subTopic}`);
    }
  }

  private async broadcast(frame: Frame) {
    const sub = this.subs.get(frame.topic);
    if (!sub) return send(this.socket, reply(frame, 'error', { reason: 'not joined' }));
    if (!(await this.writable(sub, 'broadcast'))) {
      return send(
        this.socket,
        reply(frame, 'error', { reason: `Unauthorized: You do not have permissions to write to this Channel topic: ${sub.subTopic}` }),
      );
    }
    const { event, payload, type } = frame.payload;
    for (const other of byTopic.get(frame.topic) ?? []) {
      if (other === sub && !sub.self) continue;
      if (other.private !== sub.private) continue;
      push(other, 'broadcast', { type, event, payload });
    }
    send(this.socket, reply(frame, 'ok', {}));
  }

  private async presence(frame: Frame) {
    const sub = this.subs.get(frame.topic);
    if (!sub) return send(this.socket, reply(frame, 'error', { reason: 'not joined' }));
    if (!(await this.writable(sub, 'presence'))) {
      return send(
        this.socket,
        reply(frame, 'error', { reason: `Unauthorized: You do not have permissions to track presence on this Channel topic: ${sub.subTopic}` }),
      );
    }
    if (frame.payload.event === 'untrack') {
      untrack(sub);
    } else if (frame.payload.event === 'track') {
      const meta = frame.payload.payload;
      const previous = sub.presence;
      sub.presence = { ...(typeof meta === 'object' && meta !== null ? meta : {}), phx_ref: randomUUID() };
      presenceDiff(sub.topic, { [sub.presenceKey]: { metas: [sub.presence] } }, previous ? { [sub.presenceKey]: { metas: [previous] } } : {});
    }
    send(this.socket, reply(frame, 'ok', {}));
  }

  private async writable(sub: Subscription, extension: Extension): Promise<boolean> {
    if (!sub.private) return true;
    let allowed = sub.writable.get(extension);
    if (allowed === undefined) {
      allowed = await canWrite(this.pool, sub.identity, sub.subTopic, extension);
      sub.writable.set(extension, allowed);
    }
    return allowed;
  }

  close() {
    for (const sub of this.subs.values()) unsubscribe(sub);
    this.subs.clear();
  }
}
