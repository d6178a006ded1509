import type { NextRequest } from 'next/server';
import { channelPlatform, SLUG } from '@/lib/validation';

/**
 * The one redirect URI registered with Meta and Zalo for every organization
 * (`<APP_URL>/channels/callback/facebook|zalo`): it sends the admin on to the connect page of
 * the organization the flow started in, with the platform's query (code, state, oa_id, or the
 * error of a cancelled dialog) untouched. The slug before the state's first dot is only where to
 * go: the channel-connect function opens the sealed rest and checks it names this member and
 * organization before anything is exchanged.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ platform: string }> }) {
  const parsed = channelPlatform.safeParse((await params).platform);
  const slug = request.nextUrl.searchParams.get('state')?.split('.')[0] ?? '';
  const target = parsed.success && SLUG.test(slug) ? `/dashboard/${slug}/integrations/connect/${parsed.data}${request.nextUrl.search}` : '/dashboard';
  // a relative Location: behind `next start` request.url names the server's own host (localhost),
  // not the one the browser used, whose session cookie would then be missing
  return new Response(null, { status: 303, headers: { Location: target, 'Cache-Control': 'no-store' } });
}
