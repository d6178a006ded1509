import 'server-only';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { accessTokenFor, requireUser, type SignedInUser } from '@/lib/auth/session';
import { getMembershipBySlug, type MembershipOrg } from '@/lib/data/organizations';
import { getUser } from '@/lib/data/users';
import { permissionsOf, type MemberRole, type Permissions } from '@/lib/dashboard/roles';
import { serverEnv } from '@/lib/env/server';
import { createServerSupabase } from '@/lib/supabase/server';
import type { Client } from '@/lib/supabase/types';
import { SLUG } from '@/lib/validation';

/**
 * How a dashboard page or action gets its data: `getOrgContext(orgSlug)` returns a Supabase
 * client acting as the signed-in user with that organization active, so RLS scopes every query
 * to it. The organization is looked up by slug through the user's own memberships; a slug the
 * user is not a member of is a 404. The role comes from the database, never from a token claim.
 */
export interface OrgContext {
  user: SignedInUser & { name: string | null; email: string };
  org: MembershipOrg['organization'];
  role: MemberRole;
  can: Permissions;
  supabase: Client;
}

/** A client acting as the signed-in user with no organization active (org list, own profile). */
export const getUserSupabase = cache(async () => {
  const user = await requireUser();
  return { user, supabase: createServerSupabase(accessTokenFor(user.userId)) };
});

/** The org context, or null if the user is not a member of `orgSlug` (actions report that). */
export const resolveOrgContext = cache(async (orgSlug: string): Promise<OrgContext | null> => {
  if (!SLUG.test(orgSlug)) return null;
  const { user, supabase: userClient } = await getUserSupabase();
  const membership = await getMembershipBySlug(userClient, { slug: orgSlug, userId: user.userId });
  if (!membership) return null;
  const { organization: org, role } = membership;

  if (serverEnv().AUTH_PROVIDER === 'clerk' && org.clerk_org_id !== user.clerkOrgId) {
    // Clerk's token names the active organization; proxy.ts syncs it from the URL. If it names
    // another one (sync failed, org not in Clerk), queries would read that organization: refuse.
    return null;
  }

  const supabase = createServerSupabase(accessTokenFor(user.userId, { id: org.id, role, slug: org.slug }));
  const profile = await getUser(supabase, { id: user.userId });
  return {
    user: { ...user, name: profile?.name ?? null, email: profile?.email ?? '' },
    org,
    role,
    can: permissionsOf(role),
    supabase,
  };
});

/** For pages and layouts: the org context, or the 404 page. */
export async function getOrgContext(orgSlug: string): Promise<OrgContext> {
  const ctx = await resolveOrgContext(orgSlug);
  if (!ctx) notFound();
  return ctx;
}
