import { Constants, type Database } from '@/lib/database.types';

/** Member roles in rank order: the generated list keeps the enum's declaration order, which is how Postgres compares them. */
export type MemberRole = Database['public']['Enums']['member_role'];
export const ROLES: readonly MemberRole[] = Constants.public.Enums.member_role;

export function atLeast(role: MemberRole, min: MemberRole): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

/** What the UI offers a role. The database enforces the same rules on its own (RLS). */
export function permissionsOf(role: MemberRole) {
  return {
    /** reply, add notes, assign, change status and priority, resolve */
    work: atLeast(role, 'agent'),
    /** websites, members, invitations, settings */
    manage: atLeast(role, 'admin'),
    /** grant or take away ownership */
    own: role === 'owner',
  };
}
export type Permissions = ReturnType<typeof permissionsOf>;

export const ROLE_LABELS: Record<MemberRole, string> = { viewer: 'Viewer', agent: 'Agent', admin: 'Admin', owner: 'Owner' };
