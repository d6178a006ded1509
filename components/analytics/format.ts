/** How analytics values read in cards, tables and CSV-free views (server and client alike). */
export type ValueFormat = 'number' | 'percent' | 'duration' | 'text';

const integer = new Intl.NumberFormat('en-US');

export function formatValue(value: unknown, format: ValueFormat = 'number'): string {
  if (value === null || value === undefined || value === '') return '—';
  if (format === 'text') return String(value);
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  if (format === 'percent') return `${(n * 100).toFixed((n * 100) % 1 === 0 ? 0 : 1)}%`;
  if (format === 'duration') return duration(n);
  return integer.format(n);
}

/** Seconds as 45s, 2m 05s, 3h 10m, 2d 4h. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}
