/** Small, locale-stable formatters shared by dashboard pages (server-rendered, so no "now" drift). */

const UNITS: [limit: number, seconds: number, unit: string][] = [
  [60, 1, 's'],
  [3600, 60, 'm'],
  [86400, 3600, 'h'],
  [86400 * 30, 86400, 'd'],
  [86400 * 365, 86400 * 30, 'mo'],
];

/** How long ago, compactly: 45s, 12m, 3h, 2d, 4mo, 1y. */
export function age(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  for (const [limit, size, unit] of UNITS) if (seconds < limit) return `${Math.floor(seconds / size)}${unit}`;
  return `${Math.floor(seconds / (86400 * 365))}y`;
}

/** An absolute UTC timestamp for titles and details. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** A person's display name: name, else email, else their id. */
export function displayName(user: { name?: string | null; email?: string | null; id?: string } | null | undefined): string {
  return user?.name?.trim() || user?.email || user?.id || 'Unknown';
}

/** `page` from a search param: a positive integer, else 1. */
export function pageParam(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n > 0 && n < 100_000 ? n : 1;
}

/** One string search param (the first if repeated), or undefined. */
export function stringParam(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === '' ? undefined : v;
}

/** A count for a small round badge: "9+" past nine, so it never overflows into "3..". */
export function badgeCount(n: number): string {
  return n > 9 ? '9+' : String(n);
}
