import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { resolveOrgContext } from '@/lib/dashboard/context';
import { getProfilesByIds, recordContactClick, saveContact } from '@/lib/data/team';
import { jsonError } from '@/lib/team/http';

/**
 * The email and LinkedIn buttons of a colleague's card: POST {profileId, kind, sessionId?, reason?}
 * records the click on the member's saved contact (saving the colleague first if they were not
 * saved: a click is a connection) and answers {href, savedContactId, clickedAt}; the browser then
 * opens href. 404 when the colleague is not visible or has no such link.
 */
const body = z.object({
  profileId: z.uuid(),
  kind: z.enum(['email', 'linkedin']),
  sessionId: z.uuid().nullish(),
  reason: z.string().trim().max(500).default(''),
});

export async function POST(request: NextRequest, { params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await resolveOrgContext((await params).orgSlug);
  if (!ctx) return jsonError(404, 'not_found', 'No such organization, or you are not a member of it.');
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return jsonError(400, 'invalid_request', z.prettifyError(parsed.error));
  const { profileId, kind } = parsed.data;
  const [profile] = await getProfilesByIds(ctx.supabase, { ids: [profileId] });
  const target = kind === 'email' ? profile?.work_email : profile?.linkedin_url;
  if (!profile || !target || profile.user_id === ctx.user.userId) {
    return jsonError(404, 'link_not_found', `This colleague has no ${kind === 'email' ? 'work email' : 'LinkedIn profile'} to open.`);
  }
  const saved = await saveContact(ctx.supabase, { profileId, sessionId: parsed.data.sessionId ?? null, reason: parsed.data.reason }).catch(
    (error: { code?: string }) => {
      if (error.code === '23503') return null;
      throw error;
    },
  );
  if (!saved) return jsonError(404, 'session_not_found', 'No such chat session.');
  const clickedAt = await recordContactClick(ctx.supabase, { savedContactId: saved.saved_contact_id, kind });
  const href = kind === 'email' ? `mailto:${encodeURIComponent(target).replace(/%40/g, '@')}` : target;
  return Response.json({ href, savedContactId: saved.saved_contact_id, clickedAt }, { headers: { 'cache-control': 'no-store' } });
}
