import { resolveOrgContext } from '@/lib/dashboard/context';
import { exportFileName, organizationZip, type OrganizationExport } from '@/lib/lifecycle/export-zip';
import { jsonError } from '@/lib/team/http';

/**
 * GET /dashboard/<orgSlug>/settings/export: everything the organization holds, as a zip of one JSON
 * file per table (public.export_organization, admins only, through the admin's own session).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await resolveOrgContext((await params).orgSlug);
  if (!ctx) return jsonError(404, 'not_found', 'No such organization, or you are not a member of it.');
  if (!ctx.can.manage) return jsonError(403, 'forbidden', 'Only admins export the organization’s data.');
  const { data, error } = await ctx.supabase.rpc('export_organization', { p_organization_id: ctx.org.id });
  if (error) {
    if (error.code === '42501') return jsonError(403, 'forbidden', 'Only admins export the organization’s data.');
    console.error('[export] database refused', error.code);
    return jsonError(500, 'export_failed', 'The export failed. Please try again.');
  }
  const zip = organizationZip(data as OrganizationExport);
  return new Response(new Blob([zip as Uint8Array<ArrayBuffer>]), {
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${exportFileName(ctx.org.slug)}"`,
      'cache-control': 'private, no-store',
    },
  });
}
