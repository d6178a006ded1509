import autocannon from 'autocannon';
import { median, summarize, type Summary } from './stats';

/**
 * A/B measurement with autocannon. The two sides run in alternating rounds (A B, B A, A B, …)
 * after a warm-up, so drift on a shared, noisy machine hits both alike; the ratio is the median
 * of the per-round ratios, which holds when absolute times wander.
 */
export interface HttpTarget {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Several requests to cycle through (e.g. one per user token), or one with setupRequest. */
  requests?: autocannon.Request[];
  /** The status every response must have, when the measured request is one the server refuses. */
  expectedStatus?: number;
}

export interface Effort {
  rounds: number;
  /** Requests per side per round (latency mode) or seconds per side per round (throughput mode). */
  perRound: number;
  warmup: number;
  connections: number;
}

export interface SideResult extends Summary {
  /** requests per second, pooled over the rounds */
  rps: number;
  errors: number;
}

export interface AbResult {
  a: SideResult;
  b: SideResult;
  /** median over rounds of (A's figure / B's figure) */
  ratio: number;
  rounds: number[];
}

export interface RunOutcome {
  latencies: number[];
  seconds: number;
  requests: number;
  errors: number;
  /** responses by HTTP status */
  statuses: Record<number, number>;
}

/** One autocannon run; every response's latency is kept; statuses >= 400 (or not the expected one) count as errors. */
export function runLoad(target: HttpTarget, options: { amount?: number; duration?: number; connections: number }): Promise<RunOutcome> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: target.method ?? 'GET',
        headers: target.headers,
        body: target.body,
        requests: target.requests,
        connections: options.connections,
        // autocannon rejects an explicit undefined
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.duration }),
        timeout: 30,
        // autocannon notices the end of a run on its sampling tick (1 s by default): tick often
        sampleInt: 50,
      },
      (error, result) => {
        if (error) return reject(error);
        // responses counted here, over the wall time of the run
        resolve({ latencies, statuses, seconds: (performance.now() - started) / 1000, requests: latencies.length, errors: errors + result.errors });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (target.expectedStatus === undefined ? statusCode >= 400 : statusCode !== target.expectedStatus) errors += 1;
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      latencies.push(responseTime);
    });
  });
}

/** Latency mode: a fixed number of requests per side per round; the ratio compares medians (A / B). */
export async function abLatency(a: HttpTarget, b: HttpTarget, effort: Effort): Promise<AbResult> {
  return ab(a, b, effort, 'latency');
}

/** Throughput mode: each side runs for `perRound` seconds per round; the ratio compares requests/s (A / B). */
export async function abThroughput(a: HttpTarget, b: HttpTarget, effort: Effort): Promise<AbResult> {
  return ab(a, b, effort, 'throughput');
}

async function ab(a: HttpTarget, b: HttpTarget, effort: Effort, mode: 'latency' | 'throughput'): Promise<AbResult> {
  const once = (t: HttpTarget, amount: number) =>
    mode === 'latency' ? runLoad(t, { amount, connections: effort.connections }) : runLoad(t, { duration: amount, connections: effort.connections });
  if (effort.warmup > 0) {
    await once(a, effort.warmup);
    await once(b, effort.warmup);
  }
  const pooled = { a: [] as RunOutcome[], b: [] as RunOutcome[] };
  const ratios: number[] = [];
  for (let round = 0; round < effort.rounds; round++) {
    const order = round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const);
    const outcome: Partial<Record<'a' | 'b', RunOutcome>> = {};
    for (const side of order) outcome[side] = await once(side === 'a' ? a : b, effort.perRound);
    const ra = outcome.a!;
    const rb = outcome.b!;
    pooled.a.push(ra);
    pooled.b.push(rb);
    ratios.push(mode === 'latency' ? median(ra.latencies) / median(rb.latencies) : rate(ra) / rate(rb));
  }
  return { a: side(pooled.a), b: side(pooled.b), ratio: median(ratios), rounds: ratios };
}

const rate = (r: RunOutcome) => r.requests / Math.max(r.seconds, 1e-9);

function side(runs: RunOutcome[]): SideResult {
  const latencies = runs.flatMap((r) => r.latencies);
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  return { ...summarize(latencies), rps: requests / seconds, errors: runs.reduce((n, r) => n + r.errors, 0) };
}
