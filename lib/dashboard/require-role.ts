import 'server-only';
import { forbidden } from 'next/navigation';
import type { OrgContext } from '@/lib/dashboard/context';
import { atLeast, type MemberRole } from '@/lib/dashboard/roles';

/**
 * For admin-only pages: below `min`, the 403 page with status 403 (app/forbidden.tsx), before
 * anything is read. Call it in a page with no loading boundary above it, or the 200 has already
 * been streamed by the time the role is checked.
 */
export function requireRole(ctx: OrgContext, min: MemberRole): void {
  if (!atLeast(ctx.role, min)) forbidden();
}
