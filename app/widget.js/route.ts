import { createHash } from 'node:crypto';
import { serverEnv } from '@/lib/env/server';
import { injectFunctionsUrl, widgetBundle } from './bundle';

// GET /widget.js: the embeddable chat widget, configured for this deployment's Supabase project.
// Customers' pages load it cross-origin, hence CORP cross-origin; short caching plus an ETag so a
// new release reaches every site within minutes.

export const dynamic = 'force-dynamic';

const JS = 'application/javascript; charset=utf-8';

function matches(ifNoneMatch: string | null, etag: string): boolean {
  return (ifNoneMatch ?? '').split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export async function GET(request: Request) {
  const bundle = await widgetBundle();
  if (bundle === null) {
    console.error('widget.js: widget/dist/widget.js is missing (npm run build or npm run build:widget makes it)');
    return Response.json(
      { error: { code: 'widget_not_built', message: 'widget.js is not built on this server (run npm run build:widget).' } },
      { status: 503, headers: { 'Cache-Control': 'no-store', 'Retry-After': '10' } },
    );
  }
  const functionsUrl = `${serverEnv().NEXT_PUBLIC_SUPABASE_URL.replace(/\/+$/, '')}/functions/v1`;
  const body = injectFunctionsUrl(bundle, functionsUrl);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  const headers = {
    'Content-Type': JS,
    // In development every load revalidates, so an edited widget shows up on the next reload.
    'Cache-Control': process.env.NODE_ENV === 'development' ? 'no-cache' : 'public, max-age=300',
    ETag: etag,
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Access-Control-Allow-Origin': '*',
  };
  if (matches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
}
