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

/** The caller's IP as the platform's proxy reports it (first X-Forwarded-For entry). */
export function clientIp(request: Request, info?: Deno.ServeHandlerInfo): string {
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return forwarded;
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
