import { anonClient, getHelpCenter, helpPath, listArticles, siteOrigin, websiteOf } from '@/lib/help/data';

// read per request: which articles are published changes at any time, and the build has no database
export const dynamic = 'force-dynamic';

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * /help/<org>/sitemap.xml: the help center's home and every published article, for search engines;
 * ?site=<domain>: the same pages in that website's help center (an unknown domain: the organization's).
 */
export async function GET(request: Request, { params }: { params: Promise<{ orgSlug: string }> }) {
  const client = anonClient();
  const center = await getHelpCenter(client, (await params).orgSlug);
  if (!center) {
    return Response.json({ error: { code: 'not_found', message: 'No help center here.' } }, { status: 404 });
  }
  const origin = siteOrigin(request.headers);
  const site = websiteOf(center, new URL(request.url).searchParams.get('site'));
  const articles = await listArticles(client, center.id);
  const urls = [
    `<url><loc>${xmlEscape(`${origin}${helpPath(`/help/${center.slug}`, site)}`)}</loc></url>`,
    ...articles.map(
      (a) =>
        `<url><loc>${xmlEscape(`${origin}${helpPath(`/help/${center.slug}/articles/${a.slug}`, site)}`)}</loc><lastmod>${new Date(a.updated_at).toISOString()}</lastmod></url>`,
    ),

    // and the home of each website's help center, whose pages link to its articles
    ...(site ? [] : center.websites.map((w) => `<url><loc>${xmlEscape(`${origin}${helpPath(`/help/${center.slug}`, w)}`)}</loc></url>`)),
  ];
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
  return new Response(xml, { headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=300' } });
}
