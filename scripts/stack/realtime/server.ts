import { randomUUID, type JsonWebKey } from 'node:crypto';
import http from 'node:http';
import type { JSONWebKeySet } from 'jose';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { canRead, canWrite, TokenError, tokenVerifier, type Extension, type Identity } from './authorization';
import { decodeFrame, encodeFrame, ProtocolError, reply, type Frame } from './protocol';

/**
 * The local stack's stand-in for Supabase Realtime: the Phoenix channel protocol realtime-js
 * speaks, Broadcast (client-sent and database-sent through realtime.send), Presence, and private
 * channels authorized by RLS on realtime.messages. Not implemented: Postgres Changes (Concierge
 * broadcasts from the database instead), broadcast replay, the REST broadcast endpoint.
 */
const env = z
  .object({
    REALTIME_HOST: z.string(),
    REALTIME_PORT: z.coerce.number().int(),
    REALTIME_DB_URL: z.string(),
    REALTIME_API_KEYS: z.string().transform((s) => new Set(s.split(',').filter(Boolean))),
    REALTIME_JWKS: z.string().transform((raw) => JSON.parse(raw) as JSONWebKeySet),
    REALTIME_SESSION_JWK: z.string().transform((raw) => JSON.parse(raw) as JsonWebKey),
  })
  .parse(process.env);

const verify = tokenVerifier(env.REALTIME_JWKS, env.REALTIME_SESSION_JWK);
const pool = new pg.Pool({ connectionString: env.REALTIME_DB_URL, max: 10, application_name: 'realtime' });
pool.on('error', () => undefined);

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

interface Subscription {
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

const byTopic = new Map<string, Set<Subscription>>();

function send(socket: WebSocket, data: string) {
  if (socket.readyState === socket.OPEN) socket.send(data);
}

function push(sub: Subscription, event: string, payload: Record<string, unknown>) {
  send(sub.socket, encodeFrame({ joinRef: sub.joinRef, ref: null, topic: sub.topic, event, payload }));
}

function presenceState(topic: string): Record<string, { metas: Record<string, unknown>[] }> {
  const state: Record<string, { metas: Record<string, unknown>[] }> = {};
  for (const sub of byTopic.get(topic) ?? []) {
    if (!sub.presence) continue;
    (state[sub.presenceKey] ??= { metas: [] }).metas.push(sub.presence);
  }
  return state;
}

function presenceDiff(topic: string, joins: Record<string, unknown>, leaves: Record<string, unknown>) {
  for (const other of byTopic.get(topic) ?? []) if (other.presenceEnabled) push(other, 'presence_diff', { joins, leaves });
}

function untrack(sub: Subscription) {
  if (!sub.presence) return;
  const left = sub.presence;
  sub.presence = undefined;
  presenceDiff(sub.topic, {}, { [sub.presenceKey]: { metas: [left] } });
}

function unsubscribe(sub: Subscription) {
  const subs = byTopic.get(sub.topic);
  subs?.delete(sub);
  if (subs?.size === 0) byTopic.delete(sub.topic);
  untrack(sub);
}

/** Ends a channel from the server side: a system message saying why, then phx_close. */
function closeChannel(sub: Subscription, message: string) {
  push(sub, 'system', { extension: 'system', status: 'error', message });
  push(sub, 'phx_close', {});
  unsubscribe(sub);
}

async function writable(sub: Subscription, extension: Extension): Promise<boolean> {
  if (!sub.private) return true;
  let allowed = sub.writable.get(extension);
  if (allowed === undefined) {
    allowed = await canWrite(pool, sub.identity, sub.subTopic, extension);
    sub.writable.set(extension, allowed);
  }
  return allowed;
}

class Connection {
  readonly subs = new Map<string, Subscription>();
  constructor(
    readonly socket: WebSocket,
    readonly apiKey: string,
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
      identity = await verify(parsed.data.access_token ?? this.apiKey);
    } catch (error) {
      return send(this.socket, reply(frame, 'error', { reason: error instanceof TokenError ? error.message : 'Invalid token' }));
    }
    const subTopic = frame.topic.slice('realtime:'.length);
    const isPrivate = config.private === true;
    if (isPrivate && !(await canRead(pool, identity, subTopic))) {
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
      sub.identity = await verify(token);
    } catch (error) {
      this.subs.delete(frame.topic);
      return closeChannel(sub, error instanceof TokenError ? error.message : 'Invalid token');
    }
    sub.writable.clear();
    if (sub.private && !(await canRead(pool, sub.identity, sub.subTopic))) {
      this.subs.delete(frame.topic);
      closeChannel(sub, `Unauthorized: You do not have permissions to read from this Channel topic: ${sub.subTopic}`);
    }
  }

  private async broadcast(frame: Frame) {
    const sub = this.subs.get(frame.topic);
    if (!sub) return send(this.socket, reply(frame, 'error', { reason: 'not joined' }));
    if (!(await writable(sub, 'broadcast'))) {
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
    if (!(await writable(sub, 'presence'))) {
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

  close() {
    for (const sub of this.subs.values()) unsubscribe(sub);
    this.subs.clear();
  }
}

/**
 * Database-sent broadcasts: realtime.messages' trigger NOTIFYs the row id at commit; the row goes
 * to the topic's subscribers whose channel matches its private flag (private messages reach only
 * channels that passed the read check). Reconnects whenever Postgres goes away, and then delivers
 * the rows written while no one listened: a NOTIFY reaches only the sessions listening when it is
 * sent, and the clients' sockets to this service stayed open, so nothing else would tell them to
 * catch up (the reliability battery's Postgres restart lost an agent's reply that way). Rows from a
 * few seconds before the loss come again too: a client may get an event twice, never miss one.
 */
let lostAt: Date | null = null;

async function listen() {
  const client = new pg.Client({ connectionString: env.REALTIME_DB_URL, application_name: 'realtime-listener' });
  let retried = false;
  const retry = () => {
    if (retried) return;
    retried = true;
    lostAt ??= new Date();
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    setTimeout(() => void listen(), 1000);
  };
  client.on('error', retry);
  client.on('end', retry);
  client.on('notification', (note) => {
    if (note.channel === 'realtime_messages' && note.payload) void deliver(note.payload);
  });
  try {
    await client.connect();
    await client.query('listen realtime_messages');
  } catch {
    return retry();
  }
  if (lostAt) {
    const since = new Date(lostAt.getTime() - 5000);
    lostAt = null;
    const { rows } = await client
      .query<{ id: string }>(
        `select id from realtime.messages where inserted_at >= ($1::timestamptz at time zone current_setting('TimeZone')) order by inserted_at`,
        [since.toISOString()],
      )
      .catch(() => ({ rows: [] as { id: string }[] }));
    for (const row of rows) await deliver(row.id);
  }
}

async function deliver(id: string) {
  const { rows } = await pool
    .query<{ topic: string; event: string; payload: unknown; private: boolean }>(
      'select topic, event, payload, coalesce(private, false) as private from realtime.messages where id = $1',
      [id],
    )
    .catch(() => ({ rows: [] }));
  const message = rows[0];
  if (!message) return;
  for (const sub of byTopic.get(`realtime:${message.topic}`) ?? []) {
    if (sub.private !== message.private) continue;
    push(sub, 'broadcast', { type: 'broadcast', event: message.event, payload: message.payload, meta: { id } });
  }
}

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ ok: true }));
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'not_found', message: 'Realtime speaks WebSocket at /realtime/v1/websocket' } }));
});

const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url ?? '/', 'http://realtime');
  const apiKey = url.searchParams.get('apikey') ?? '';
  const path = url.pathname.replace(/^\/realtime\/v1/, '');
  if (path !== '/websocket' || !env.REALTIME_API_KEYS.has(apiKey)) {
    socket.end(
      'HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"error":{"code":"invalid_api_key","message":"Invalid API key"}}',
    );
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    const connection = new Connection(ws, apiKey);
    // frames of one connection are handled in order, as Phoenix does
    let queue = Promise.resolve();
    ws.on('message', (data, isBinary) => {
      queue = queue.then(async () => {
        let frame: Frame;
        try {
          frame = decodeFrame(data as Buffer, isBinary);
        } catch (error) {
          if (error instanceof ProtocolError) ws.close(1003, error.message);
          return;
        }
        await connection.handle(frame);
      });
    });
    ws.on('close', () => connection.close());
  });
});

// Hosted Realtime drops realtime.messages partitions after a few days; locally old rows go hourly.
function pruneOldMessages() {
  void pool.query(`delete from realtime.messages where inserted_at < now() - interval '1 day'`).catch(() => undefined);
}

server.listen(env.REALTIME_PORT, env.REALTIME_HOST, () => {
  console.log(`realtime listening on ws://${env.REALTIME_HOST}:${env.REALTIME_PORT}/realtime/v1/websocket`);
  void listen();
  pruneOldMessages();
  setInterval(pruneOldMessages, 3_600_000).unref();
});
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    for (const client of wss.clients) client.terminate();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
