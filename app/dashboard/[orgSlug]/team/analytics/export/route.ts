import type { NextRequest } from 'next/server';
import { atLeast } from '@/lib/dashboard/roles';
import { resolveOrgContext } from '@/lib/dashboard/context';
import { analyticsRange } from '@/lib/data/analytics';
import { teamAnalytics, type TeamAnalytics } from '@/lib/data/team';
import { csv } from '@/lib/team/csv';
import { jsonError } from '@/lib/team/http';

/**
 * CSV export of the team analytics (admins and owners): GET …/team/analytics/export?dataset=…&from=…&to=…
 * Datasets: summary, most_saved, most_connected, sessions_by_day, members_by_day. Below admin: 403.
 */
const DATASETS = {
  summary: {
    columns: ['members', 'new_members', 'opted_in_profiles', 'active_members', 'sessions', 'saves', 'email_clicks', 'linkedin_clicks'],
    rows: (a: TeamAnalytics) => [a as unknown as Record<string, unknown>],
  },
  most_saved: { columns: ['name', 'saves', 'email_clicks', 'linkedin_clicks'], rows: (a: TeamAnalytics) => a.most_saved },
  most_connected: { columns: ['name', 'saves'], rows: (a: TeamAnalytics) => a.most_connected },
  sessions_by_day: { columns: ['day', 'sessions'], rows: (a: TeamAnalytics) => a.sessions_by_day },
  members_by_day: { columns: ['day', 'members'], rows: (a: TeamAnalytics) => a.members_by_day },
} as const;

export async function GET(request: NextRequest, { params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await resolveOrgContext((await params).orgSlug);
  if (!ctx) return jsonError(404, 'not_found', 'No such organization, or you are not a member of it.');
  if (!atLeast(ctx.role, 'admin')) return jsonError(403, 'forbidden', 'Team analytics are for admins and owners.');
  const sp = request.nextUrl.searchParams;
  const dataset = sp.get('dataset') ?? 'summary';
  if (!Object.hasOwn(DATASETS, dataset)) {
    return jsonError(400, 'unknown_dataset', `Unknown dataset; one of ${Object.keys(DATASETS).join(', ')}`);
  }
  const range = analyticsRange({ from: sp.get('from') ?? undefined, to: sp.get('to') ?? undefined, tz: sp.get('tz') ?? undefined });
  const data = await teamAnalytics(ctx.supabase, { from: range.fromIso, to: range.toIso });
  const { columns, rows } = DATASETS[dataset as keyof typeof DATASETS];
  return new Response(csv(columns, rows(data) as Record<string, unknown>[]), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${ctx.org.slug}-team-${dataset}-${range.from}-${range.to}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
}
