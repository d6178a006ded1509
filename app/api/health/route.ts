export const dynamic = 'force-dynamic';

/** Liveness of the Next.js server only; it does not touch the Supabase stack. */
export function GET() {
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
