import { createHash } from 'node:crypto';

/**
 * The local identity provider's users. Seeded demo users (supabase/seed.sql) are offered on the
 * sign-in page; anyone else signs up by email and gets an id derived from it, so signing in
 * again finds the same user without the app reading other people's rows.
 * Local mode is for development and tests: it has no passwords, like a Clerk dev instance with
 * test users. Production signs in with Clerk.
 */
export interface DemoUser {
  id: string;
  name: string;
  email: string;
  description: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'user_acme_owner', name: 'Ada Lovelace', email: 'ada@acme.com', description: 'Acme · owner' },
  { id: 'user_acme_admin', name: 'Grace Hopper', email: 'grace@acme.com', description: 'Acme · admin' },
  { id: 'user_acme_agent', name: 'Alan Turing', email: 'alan@acme.com', description: 'Acme · agent' },
  { id: 'user_acme_viewer', name: 'Vera Rubin', email: 'vera@acme.com', description: 'Acme · viewer' },
  { id: 'user_globex_owner', name: 'Hank Scorpio', email: 'hank@globex.com', description: 'Globex · owner' },
  { id: 'user_globex_agent', name: 'Gina Torres', email: 'gina@globex.com', description: 'Globex · agent' },
  { id: 'user_globex_viewer', name: 'Gus Grissom', email: 'gus@globex.com', description: 'Globex · viewer' },
  { id: 'user_consultant', name: 'Casey Jones', email: 'casey@consult.example', description: 'Acme and Globex · agent' },
  { id: 'user_nobody', name: 'Nora Nobody', email: 'nora@nowhere.example', description: 'no organization' },
];

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A demo user's id for their email, else `user_` + 24 hex digits of the email's sha256. */
export function localUserIdForEmail(email: string): string {
  const normalized = normalizeEmail(email);
  const demo = DEMO_USERS.find((u) => u.email === normalized);
  if (demo) return demo.id;
  return `user_${createHash('sha256').update(normalized).digest('hex').slice(0, 24)}`;
}
