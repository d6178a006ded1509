import { resolveOrgContext } from '@/lib/dashboard/context';
import { listArticlesForExport } from '@/lib/data/articles';
import { articlesZip } from '@/lib/knowledge/files';

/**
 * GET /dashboard/<orgSlug>/knowledge/export: every article of the organization (drafts too) as a
 * zip of Markdown files with front-matter, which the import reads back. Read with the member's
 * own token, so RLS decides which organization's articles these are; agents and admins only
 * (viewers read articles in the dashboard, a bulk copy is for the people who maintain them).
 */
function jsonError(status: number, code: string, message: string) {
  return Response.json({ error: { code, message } }, { status, headers: { 'cache-control': 'private, no-store' } });
}

export async function GET(_request: Request, { params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await resolveOrgContext((await params).orgSlug);
  if (!ctx) return jsonError(404, 'not_found', 'This organization does not exist or you are not a member of it.');
  if (!ctx.can.work) return jsonError(403, 'forbidden', 'Agents and admins export the knowledge base.');
  const articles = await listArticlesForExport(ctx.supabase);
  const zip = articlesZip(articles);
  return new Response(zip as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${ctx.org.slug}-knowledge-base.zip"`,
      'cache-control': 'private, no-store',
    },
  });
}
