import 'server-only';
import { headers } from 'next/headers';

/**
 * This app's public origin as the browser sees it (widget.js and the demo pages are served by
 * this app, so a page here sends this Origin to the widget's functions).
 */
export async function appOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000';
  const proto = h.get('x-forwarded-proto')?.split(',')[0] ?? 'http';
  return `${proto}://${host}`.toLowerCase();
}
