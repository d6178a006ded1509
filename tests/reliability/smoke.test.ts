import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChat } from '@/scripts/reliability/checks';
import { openVisitor, sendUntilAnswered, type Turn } from '@/scripts/reliability/widget-client';
import type { StackConfig } from '@/scripts/stack/config';
import { isAlive, stopProcess, waitFor } from '@/scripts/stack/processes';
import { POSTGREST_CONNECT_TIMEOUT_S, POSTGREST_HOST, probes, startGateway, startPostgrest } from '@/scripts/stack/services';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { startFunctionsRuntime } from '../helpers/functions-runtime';
import { anonClient, config, keys, sql } from '../helpers/stack';
import { nextIp } from '../helpers/widget';

/**
 * The reliability battery's smoke subset (npm run reliability has the full scenarios): the fault
 * proxy itself, and a kill -9 of PostgREST during retried chat turns. The test stack is shared by
 * every test file, so what is killed is a private path of this file's own: a functions runtime →
 * fault proxy → gateway → PostgREST, beside the stack's, on the test stack's Postgres.
 */

async function echoServer() {
  const server = net.createServer((s) => {
    // the proxy resets connections on purpose: the echo's end of one just closes
    s.on('error', () => undefined);
    s.pipe(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Writes `data` through the proxy; what came back, or how the connection ended. */
async function roundTrip(port: number, data: string, waitMs = 1500): Promise<{ echoed: string; ended: 'open' | 'closed' | 'reset'; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let echoed = '';
    const done = (ended: 'open' | 'closed' | 'reset') => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ echoed, ended, ms: performance.now() - started });
    };
    const timer = setTimeout(() => done('open'), waitMs);
    socket.on('data', (chunk) => {
      echoed += chunk.toString();
      if (echoed.length >= data.length) done('closed');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNRESET' ? 'reset' : 'closed'));
    socket.on('close', () => done('closed'));
    socket.write(data);
  });
}

describe('fault proxy (tests/helpers/fault-proxy.ts)', () => {
  let echo: Awaited<ReturnType<typeof echoServer>>;
  let proxy: FaultProxy;
  beforeAll(async () => {
    echo = await echoServer();
    proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: echo.port } });
  });
  afterAll(async () => {
    await proxy.close();
    await echo.close();
  });

  it('forwards bytes both ways unchanged, and adds the latency it is given', async () => {
    proxy.faults = {};
    expect((await roundTrip(proxy.port, 'hello')).echoed).toBe('hello');
    proxy.faults = { latencyMs: 150 };
    const slow = await roundTrip(proxy.port, 'hello');
    expect(slow.echoed).toBe('hello');
    // once each way
    expect(slow.ms).toBeGreaterThanOrEqual(290);
  });

  it('resets a connection, or swallows it without a word', async () => {
    proxy.faults = { resetRate: 1, resetAfterBytes: 1 };
    expect(await roundTrip(proxy.port, 'hello')).toMatchObject({ echoed: '', ended: 'reset' });
    proxy.faults = { dropRate: 1 };
    expect(await roundTrip(proxy.port, 'hello', 500)).toMatchObject({ echoed: '', ended: 'open' });
    expect(proxy.stats).toMatchObject({ reset: 1, dropped: 1 });
  });
});

describe('a private PostgREST killed during retried chat turns', () => {
  const base = config.ports.api - 1;
  const ports = { rest: base + 26, restAdmin: base + 27, gateway: base + 28 };
  let variant: StackConfig;
  let rest: number | undefined;
  let gateway: number;
  let proxy: FaultProxy;
  /** between the private PostgREST and Postgres: no faults but in the connect-timeout test */
  let dbProxy: FaultProxy;
  let runtime: Awaited<ReturnType<typeof startFunctionsRuntime>>;
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    dbProxy = await startFaultProxy({ target: { host: config.host, port: config.ports.db } });
    variant = {
      ...config,
      apiUrl: `http://${config.host}:${ports.gateway}`,
      ports: {
        ...config.ports,
        api: ports.gateway,
        db: dbProxy.port,
        rest: ports.rest,
        restAdmin: ports.restAdmin,
        functions: config.ports.functions + 1,
      },
      paths: { ...config.paths, logs: mkdtempSync(path.join(tmpdir(), 'reliability-smoke-')) },
    };
    rest = startPostgrest(variant, keys);
    gateway = startGateway(variant, keys, true);
    proxy = await startFaultProxy({ target: { host: config.host, port: ports.gateway } });
    await waitFor('private PostgREST', () => probes.postgrest(variant), 60_000);
    await waitFor('private gateway', () => probes.api(variant, keys), 30_000);
    runtime = await startFunctionsRuntime({ SUPABASE_URL: proxy.url, SUPABASE_FETCH_TIMEOUT_MS: '3000' });
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
    await proxy?.close();
    await stopProcess(gateway);
    await stopProcess(rest);
    await dbProxy?.close();
  });

  it('answers a call PostgREST never answers with a 503 within its time limit, then the resent turn is stored once', async () => {
    const v = await openVisitor(
      `${config.apiUrl}/functions/v1`,
      { key: 'wk_acme_main', origin: 'https://acme.com' },
      nextIp('smoke'),
      Date.now() + 30_000,
    );
    proxy.faults = { dropRate: 1 };
    proxy.resetAll();
    const started = performance.now();
    const res = await fetch(`${runtime.url}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': v.ip },
      body: JSON.stringify({ session_token: v.token, client_msg_id: `smoke-${run}-hole`, body: 'Where is my order?' }),
      signal: AbortSignal.timeout(12_000),
    });
    expect(res.status).toBe(503);
    expect((await res.json()) as unknown).toMatchObject({ error: { code: 'upstream_timeout' } });
    expect(res.headers.get('retry-after')).toBe('2');
    expect(performance.now() - started).toBeLessThan(10_000);
    proxy.faults = {};
    const turn = await sendUntilAnswered(runtime.url, v, `smoke-${run}-hole`, 'Where is my order?', Date.now() + 30_000);
    expect(turn.done).toBe(true);
    const ledger = await checkChat(config.db.url, [turn]);
    expect(ledger).toMatchObject({ lostAcknowledged: 0, duplicateVisitor: 0, answeredMissing: 0, orphanReplies: 0, unansweredStored: 0 });
  }, 60_000);

  it('keeps every acknowledged message exactly once, with its reply, across a kill -9 and restart of PostgREST', async () => {
    const site = { key: 'wk_acme_main', origin: 'https://acme.com' };
    const visitors = await Promise.all([0, 1, 2].map(() => openVisitor(`${config.apiUrl}/functions/v1`, site, nextIp('smoke'), Date.now() + 30_000)));
    const deadline = Date.now() + 45_000;
    const turns: Turn[] = [];
    const sending = Promise.all(
      visitors.map(async (v, n) => {
        for (let i = 0; i < 3; i++) {
          turns.push(await sendUntilAnswered(runtime.url, v, `smoke-${run}-${n}-${i}`, `Do you ship to Canada? (${i})`, deadline));
          await sleep(200);
        }
      }),
    );
    await sleep(300);
    process.kill(rest!, 'SIGKILL');
    await waitFor('PostgREST to die', async () => !isAlive(rest), 10_000);
    await sleep(1000);
    rest = startPostgrest(variant, keys);
    await waitFor('private PostgREST', () => probes.postgrest(variant), 60_000);
    await sending;
    expect(turns.filter((t) => !t.done).map((t) => t.lastFailure)).toEqual([]);
    const ledger = await checkChat(config.db.url, turns);
    expect(ledger).toMatchObject({
      turns: 9,
      answered: 9,
      lostAcknowledged: 0,
      duplicateVisitor: 0,
      answeredMissing: 0,
      orphanReplies: 0,
      duplicateReplies: 0,
      unansweredStored: 0,
    });
  }, 90_000);

  it('answers a request whose new database connection is swallowed within its connect timeout, then recovers', async () => {
    const url = `http://${POSTGREST_HOST}:${ports.rest}/websites?select=id&limit=1`;
    const headers = { authorization: `Bearer ${keys.serviceRoleKey}` };
    dbProxy.faults = { dropRate: 1 };
    // the pool's open connections end: requests need new ones, which the link swallows
    dbProxy.resetAll();
    const answers: { status: number; code: string; seconds: number }[] = [];
    // a request that draws one of the reset pooled connections is refused at once (PostgREST
    // 12.0.2: 400 with an empty code); the ones after it wait for a new connection
    for (let i = 0; i < 6 && !answers.some((a) => a.status === 503); i++) {
      const started = performance.now();
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(14_000) });
      const body = (await res.json()) as { code?: string };
      answers.push({ status: res.status, code: body.code ?? '', seconds: (performance.now() - started) / 1000 });
    }
    // without a connect timeout such a request waited as long as the link held the connection
    // (past the functions' 15 s limit); now one attempt of 5 s, then 503
    expect(answers.at(-1)).toMatchObject({ status: 503, code: 'PGRST000' });
    for (const a of answers) expect(a.seconds).toBeLessThan(POSTGREST_CONNECT_TIMEOUT_S + 4);
    expect(dbProxy.stats.dropped).toBeGreaterThan(0);
    dbProxy.faults = {};
    await waitFor('private PostgREST back', async () => (await fetch(url, { headers, signal: AbortSignal.timeout(5_000) })).status === 200, 60_000);
  }, 90_000);
});

describe('the Realtime service when Postgres drops its listener', () => {
  it('still delivers a database broadcast written while it reconnects', async () => {
    const client = anonClient();
    const topic = `reliability-${randomUUID()}`;
    const channel = client.channel(topic);
    const received = new Promise<unknown>((resolve) => channel.on('broadcast', { event: 'changed' }, (m) => resolve(m.payload)));
    await new Promise<void>((resolve, reject) =>
      channel.subscribe((status) => {
        if (status === 'SUBSCRIBED') resolve();
        else if (status !== 'CLOSED') reject(new Error(status));
      }),
    );
    try {
      // a Postgres restart, seen from the listener: its session ends; the client's socket stays open
      const cut = await sql<{ n: number }>(
        "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = 'realtime-listener'",
      );
      expect(cut[0]!.n).toBeGreaterThan(0);
      await sql(`select realtime.send('{"after": "restart"}'::jsonb, 'changed', $1, false)`, [topic]);
      const payload = await Promise.race([received, sleep(10_000).then(() => 'nothing within 10 s')]);
      expect(payload).toEqual({ after: 'restart' });
    } finally {
      await client.removeAllChannels();
    }
  }, 30_000);
});
