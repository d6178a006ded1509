import type { NextRequest } from 'next/server';
import { resolveOrgContext } from '@/lib/dashboard/context';
import { analyticsRange, EXPORTS, type ExportName } from '@/lib/data/analytics';

/**
 * CSV export of one analytics dataset for the active organization and range:
 * GET /dashboard/<orgSlug>/analytics/export?dataset=daily&from=…&to=…&tz=…
 * The rows come from the same RLS-scoped SQL functions as the page, as the signed-in member.
 */

/** A CSV field; text that a spreadsheet would run as a formula is defused with a leading quote. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function GET(request: NextRequest, { params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await resolveOrgContext((await params).orgSlug);
  if (!ctx) return new Response('Not found', { status: 404 });
  const sp = request.nextUrl.searchParams;
  const dataset = sp.get('dataset') ?? 'daily';
  if (!Object.hasOwn(EXPORTS, dataset)) return new Response(`Unknown dataset; one of ${Object.keys(EXPORTS).join(', ')}`, { status: 400 });
  const range = analyticsRange({ from: sp.get('from') ?? undefined, to: sp.get('to') ?? undefined, tz: sp.get('tz') ?? undefined });
  const { columns, load } = EXPORTS[dataset as ExportName];
  const rows = (await load(ctx.supabase, range)) as Record<string, unknown>[];

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${columns.map(field).join(',')}\r\n`));
      for (const row of rows) controller.enqueue(encoder.encode(`${columns.map((c) => field(row[c])).join(',')}\r\n`));
      controller.close();
    },
  });
  const filename = `${ctx.org.slug}-${dataset}-${range.from}-${range.to}.csv`;
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
}
