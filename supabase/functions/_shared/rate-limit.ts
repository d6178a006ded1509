import { jsonError } from './http.ts';

/**
 * Fixed-window request counters per client IP, in this function instance's memory. They blunt
 * floods cheaply before any database work; the limits that must hold across instances (messages
 * per visitor) are enforced in Postgres. Limits are per window and can be tuned by env
 * (WIDGET_LIMIT_<NAME>=count/seconds), documented in SECURITY.md.
 */
interface Window {
  count: number;
  resetAt: number;
}

const windows = new Map<string, Window>();
let lastSweep = Date.now();

export interface Limit {
  name: string;
  count: number;
  seconds: number;
}

export function limitFromEnv(name: string, count: number, seconds: number): Limit {
  const match = /^(\d+)\/(\d+)$/.exec(Deno.env.get(`WIDGET_LIMIT_${name.toUpperCase()}`) ?? '');
  return match ? { name, count: Number(match[1]), seconds: Number(match[2]) } : { name, count, seconds };
}

/**
 * How many proxies in front of the functions append to X-Forwarded-For and are trusted
 * (TRUSTED_PROXY_HOPS, default 1: the platform's edge proxy). Each appends the address it saw, so
 * everything left of the entries they added was written by the client and proves nothing.
 */
const trustedHops = (() => {
  const n = Number(Deno.env.get('TRUSTED_PROXY_HOPS') ?? '1');
  return Number.isInteger(n) && n >= 1 ? n : 1;
})();

/**
 * The caller's IP: the X-Forwarded-For entry the outermost trusted proxy appended (the
 * TRUSTED_PROXY_HOPS-th from the right), never a client-supplied prefix such as
 * `X-Forwarded-For: 1.2.3.4`; the socket's address when there is no header.
 */
export function clientIp(request: Request, info?: Deno.ServeHandlerInfo): string {
  const hops = (request.headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // fewer entries than trusted hops: the left-most is the nearest to the client we have
  if (hops.length > 0) return hops[Math.max(0, hops.length - trustedHops)]!;
  const addr = info?.remoteAddr;
  return addr && 'hostname' in addr ? addr.hostname : 'unknown';
}

/** undefined when allowed; otherwise a 429 with Retry-After. */
export function rateLimit(limit: Limit, key: string): Response | undefined {
  const now = Date.now();
  if (now - lastSweep > 60_000) {
    for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
    lastSweep = now;
  }
  const id = `${limit.name}:${key}`;
  let window = windows.get(id);
  if (!window || window.resetAt <= now) {
    window = { count: 0, resetAt: now + limit.seconds * 1000 };
    windows.set(id, window);
  }
  window.count += 1;
  if (window.count <= limit.count) return undefined;
  const retryAfter = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
  return jsonError(429, 'rate_limited', `Too many requests: at most ${limit.count} per ${limit.seconds} s. Try again in ${retryAfter} s.`, {
    'Retry-After': String(retryAfter),
  });
}
