import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { resolveOrgContext } from '@/lib/dashboard/context';
import { saveContact } from '@/lib/data/team';
import { jsonError } from '@/lib/team/http';

/**
 * The heart on a match card: POST {profileId, sessionId?, reason} saves the colleague for the
 * signed-in member. 201 {savedContactId, alreadySaved: false} the first time, 200 with
 * alreadySaved: true after (never an error); 404 for a profile the member cannot see (another
 * organization's, an opted-out or hidden one).
 */
const body = z.object({
  profileId: z.uuid(),
  sessionId: z.uuid().nullish(),
  reason: z.string().trim().max(500).default(''),
});

export async function POST(request: NextRequest, { params }: { params: Promise<{ orgSlug: string }> }) {
  const ctx = await resolveOrgContext((await params).orgSlug);
  if (!ctx) return jsonError(404, 'not_found', 'No such organization, or you are not a member of it.');
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return jsonError(400, 'invalid_request', z.prettifyError(parsed.error));
  try {
    const saved = await saveContact(ctx.supabase, {
      profileId: parsed.data.profileId,
      sessionId: parsed.data.sessionId ?? null,
      reason: parsed.data.reason,
    });
    return Response.json(
      { savedContactId: saved.saved_contact_id, alreadySaved: saved.already_saved },
      { status: saved.already_saved ? 200 : 201, headers: { 'cache-control': 'no-store' } },
    );
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'P0002') return jsonError(404, 'profile_not_found', 'No such colleague in this organization.');
    // a session id that is not the member's own (the composite key refuses it)
    if (code === '23503') return jsonError(404, 'session_not_found', 'No such chat session.');
    throw error;
  }
}
