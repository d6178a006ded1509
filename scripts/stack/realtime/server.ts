import type { JsonWebKey } from 'node:crypto';
import http from 'node:http';
import type { JSONWebKeySet } from 'jose';
import pg from 'pg';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import { tokenVerifier } from './authorization';
import { Connection } from './connection';
import { listenForBroadcasts } from './listener';
import { decodeFrame, ProtocolError, type Frame } from './protocol';

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
    const connection = new Connection(ws, apiKey, pool, verify);
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
  listenForBroadcasts(env.REALTIME_DB_URL, pool);
  pruneOldMessages();
  setInterval(pruneOldMessages, 3_600_000).unref();
});
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    for (const client of wss.clients) client.terminate();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
