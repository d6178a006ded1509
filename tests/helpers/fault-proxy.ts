import net from 'node:net';

/**
 * A small fault-injecting TCP proxy for the reliability battery (scripts/reliability) and its
 * smoke test: put it between two parts of the stack (functions → PostgREST, PostgREST → Postgres)
 * and it forwards bytes both ways, adding what a bad network does. Faults apply per connection,
 * decided when it opens, and can be changed while it runs (`proxy.faults = {...}`).
 */
export interface Faults {
  /** Added before each chunk is forwarded, in ms. */
  latencyMs?: number;
  /** Up to this many ms more, at random, per chunk (order within a connection is kept). */
  jitterMs?: number;
  /** Share of new connections accepted and then never answered (a black hole: no data, no close). */
  dropRate?: number;
  /** Share of new connections reset (RST) after `resetAfterBytes` bytes have crossed. */
  resetRate?: number;
  resetAfterBytes?: number;
}

export interface FaultProxy {
  port: number;
  url: string;
  faults: Faults;
  stats: { connections: number; dropped: number; reset: number; bytes: number };
  /** Resets every open connection now (a link going down). */
  resetAll(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFaultProxy(options: {
  target: { host: string; port: number };
  port?: number;
  host?: string;
  faults?: Faults;
  random?: () => number;
}): Promise<FaultProxy> {
  const random = options.random ?? Math.random;
  const host = options.host ?? '127.0.0.1';
  const open = new Set<net.Socket>();
  const stats = { connections: 0, dropped: 0, reset: 0, bytes: 0 };
  const proxy = { faults: { ...options.faults } as Faults };

  const server = net.createServer((client) => {
    stats.connections += 1;
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => undefined);
    const f = proxy.faults;
    if (random() < (f.dropRate ?? 0)) {
      // a black hole: the connection stays open, nothing ever comes back
      stats.dropped += 1;
      client.resume();
      return;
    }
    const resetAt = random() < (f.resetRate ?? 0) ? (f.resetAfterBytes ?? 0) : Infinity;
    const upstream = net.connect(options.target.port, options.target.host);
    open.add(upstream);
    upstream.on('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.resetAndDestroy());
    client.on('close', () => upstream.destroy());
    let crossed = 0;
    const reset = () => {
      stats.reset += 1;
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    };
    if (resetAt === 0) {
      reset();
      return;
    }
    // each direction is a queue, so latency and jitter never reorder a connection's bytes
    const pipe = (from: net.Socket, to: net.Socket) => {
      let chain = Promise.resolve();
      from.on('data', (chunk: Buffer) => {
        const delay = (f.latencyMs ?? 0) + random() * (f.jitterMs ?? 0);
        chain = chain.then(async () => {
          if (delay > 0) await sleep(delay);
          if (to.destroyed) return;
          crossed += chunk.length;
          stats.bytes += chunk.length;
          if (crossed >= resetAt) return reset();
          to.write(chunk);
        });
      });
      from.on('end', () => void chain.then(() => to.end()));
    };
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://${host}:${port}`,
    get faults() {
      return proxy.faults;
    },
    set faults(value: Faults) {
      proxy.faults = { ...value };
    },
    stats,
    resetAll() {
      for (const s of open) s.resetAndDestroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
