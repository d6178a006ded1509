/** Fixed ids from supabase/seed.sql, so tests and docs can name them. */
export const ACME = {
  id: 'a0000000-0000-4000-8000-000000000001',
  slug: 'acme',
  websites: {
    main: 'a1000000-0000-4000-8000-000000000001',
    support: 'a1000000-0000-4000-8000-000000000002',
    shop: 'a1000000-0000-4000-8000-000000000003',
  },
} as const;

export const GLOBEX = {
  id: 'b0000000-0000-4000-8000-000000000001',
  slug: 'globex',
  websites: { main: 'b1000000-0000-4000-8000-000000000001' },
} as const;

export const USERS = {
  acmeOwner: 'user_acme_owner',
  acmeAgent: 'user_acme_agent',
  acmeViewer: 'user_acme_viewer',
  globexOwner: 'user_globex_owner',
  globexAgent: 'user_globex_agent',
  globexViewer: 'user_globex_viewer',
  consultant: 'user_consultant',
  nobody: 'user_nobody',
} as const;
