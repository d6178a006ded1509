import type { Client } from '@/lib/supabase/types';

/**
 * The analytics of the active organization. Every figure comes from the SQL functions of
 * supabase/migrations/*_create_analytics_*.sql (security invoker: RLS scopes them to the active
 * organization); this file only picks the range and calls them.
 */

export interface AnalyticsRange {
  /** first and last calendar day shown, inclusive (YYYY-MM-DD, in `tz`) */
  from: string;
  to: string;
  tz: string;
  /** the same range as instants: [fromIso, toIso) */
  fromIso: string;
  toIso: string;
}

const DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;

function validTimeZone(tz: string | undefined): string {
  if (!tz || tz.length > 64) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    return 'UTC';
  }
}

/** How far `tz` is ahead of UTC at `instant`, in ms. */
function offsetMs(instant: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar day starts in `tz` (twice, so a DST change that day is right). */
function dayStart(date: string, tz: string): number {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  const first = midnightUtc - offsetMs(midnightUtc, tz);
  return midnightUtc - offsetMs(first, tz);
}

function today(tz: string, now: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
}

const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** The range from search params (from, to, tz), defaulting to the last 30 days, at most 366. */
export function analyticsRange(params: { from?: string; to?: string; tz?: string }, now = Date.now()): AnalyticsRange {
  const tz = validTimeZone(params.tz);
  let to = params.to && DATE.test(params.to) && !Number.isNaN(Date.parse(params.to)) ? params.to : today(tz, now);
  let from = params.from && DATE.test(params.from) && !Number.isNaN(Date.parse(params.from)) ? params.from : shift(to, 1 - DEFAULT_RANGE_DAYS);
  if (from > to) [from, to] = [to, from];
  if (Date.parse(to) - Date.parse(from) >= MAX_RANGE_DAYS * DAY) from = shift(to, 1 - MAX_RANGE_DAYS);
  return { from, to, tz, fromIso: new Date(dayStart(from, tz)).toISOString(), toIso: new Date(dayStart(shift(to, 1), tz)).toISOString() };
}

const args = (range: AnalyticsRange) => ({ p_from: range.fromIso, p_to: range.toIso });

export async function getSummary(client: Client, range: AnalyticsRange) {
  const { data } = await client.rpc('analytics_summary', args(range)).single().throwOnError();
  return data;
}

export async function getDaily(client: Client, range: AnalyticsRange) {
  const { data } = await client.rpc('analytics_daily', { ...args(range), p_tz: range.tz }).throwOnError();
  return data;
}

export async function getEscalationReasons(client: Client, range: AnalyticsRange) {
  const { data } = await client.rpc('analytics_escalation_reasons', args(range)).throwOnError();
  return data;
}

export async function getTickets(client: Client, range: AnalyticsRange) {
  const { data } = await client.rpc('analytics_tickets', args(range)).throwOnError();
  return data;
}

export async function getEventTotals(client: Client, range: AnalyticsRange) {
  const { data } = await client.rpc('analytics_event_totals', args(range)).throwOnError();
  return data;
}

export async function getConversions(client: Client, range: AnalyticsRange) {
  const { data } = await client.rpc('analytics_conversions', args(range)).throwOnError();
  return data;
}

export async function getTopArticles(client: Client, range: AnalyticsRange, limit = 10) {
  const { data } = await client.rpc('analytics_top_articles', { ...args(range), p_limit: limit }).throwOnError();
  return data;
}

/** Answer quality per cited article: answers, thumbs up and down, answers followed by an escalation. */
export async function getArticleQuality(client: Client, range: AnalyticsRange, limit = 10) {
  const { data } = await client.rpc('analytics_article_quality', { ...args(range), p_limit: limit }).throwOnError();
  return data;
}

/** Everything the analytics page shows, in parallel. */
/** CSAT ratings given in the range: overall, by agent and by website (public.analytics_csat). */
export async function getCsat(client: Client, range: AnalyticsRange) {
  const { data } = await client.rpc('analytics_csat', args(range)).throwOnError();
  return data;
}

export async function getAnalytics(client: Client, range: AnalyticsRange) {
  const [summary, daily, reasons, tickets, events, conversions, articles, quality, csat] = await Promise.all([
    getSummary(client, range),
    getDaily(client, range),
    getEscalationReasons(client, range),
    getTickets(client, range),
    getEventTotals(client, range),
    getConversions(client, range),
    getTopArticles(client, range),
    getArticleQuality(client, range),
    getCsat(client, range),
  ]);
  return { summary, daily, reasons, tickets, events, conversions, articles, quality, csat };
}
export type Analytics = Awaited<ReturnType<typeof getAnalytics>>;

/** The CSV exports: each one function's rows, with its columns (so an empty range still has a header). */
export const EXPORTS = {
  daily: {
    columns: [
      'day',
      'conversations',
      'escalated',
      'ai_deflected',
      'messages',
      'visitor_messages',
      'ai_messages',
      'agent_messages',
      'new_visitors',
      'active_visitors',
      'events',
    ],
    load: getDaily,
  },
  summary: {
    columns: [
      'conversations',
      'engaged',
      'ai_deflected',
      'deflection_rate',
      'escalated',
      'escalation_rate',
      'resolved',
      'median_first_response_seconds',
      'median_resolution_seconds',
      'messages',
      'visitor_messages',
      'ai_messages',
      'agent_messages',
      'new_visitors',
      'active_visitors',
      'events',
      'tickets',
    ],
    load: async (client: Client, range: AnalyticsRange) => [await getSummary(client, range)],
  },
  escalation_reasons: { columns: ['reason', 'conversations'], load: getEscalationReasons },
  tickets: { columns: ['website_id', 'website_name', 'status', 'tickets'], load: getTickets },
  events: { columns: ['name', 'events', 'visitors'], load: getEventTotals },
  conversions: { columns: ['name', 'from_event', 'to_event', 'started', 'converted', 'rate'], load: getConversions },
  articles: {
    columns: ['article_id', 'title', 'url', 'views', 'mentions', 'clicks'],
    load: (client: Client, range: AnalyticsRange) => getTopArticles(client, range, 100),
  },
} as const;
export type ExportName = keyof typeof EXPORTS;

/** The configured conversions of an organization's settings (see organizations_conversions_setting_valid). */
export function conversionsOf(settings: unknown): { name: string; from: string; to: string }[] {
  const list = settings && typeof settings === 'object' ? (settings as Record<string, unknown>).conversions : undefined;
  return Array.isArray(list) ? (list as { name: string; from: string; to: string }[]) : [];
}
