import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { appUrl } from '../helpers/app';
import { sessionCookie } from '../helpers/actions';
import { ACME, USERS } from '../helpers/seed';
import { sql } from '../helpers/stack';

/**
 * Every page of an organization's dashboard, for each role, over HTTP with a real session: it
 * renders (200) with what that role may do, and a non-member gets the 404 page with status 404.
 * A ticket or conversation that does not exist is a 404 too (not a 200 whose body says so).
 * Admin-only pages answer an agent and a viewer with the 403 page and status 403, admins with 200.
 */
// the first request of a page compiles it in `next dev`
const TIMEOUT = 300_000;
const CONVERSATION = 'a2000000-0000-4000-8000-000000000001';
const ROLES = { owner: 'user_acme_owner', admin: 'user_acme_admin', agent: USERS.acmeAgent, viewer: USERS.acmeViewer } as const;
type Role = keyof typeof ROLES;
const manages = (role: Role) => role === 'owner' || role === 'admin';

/** Each page with a marker every role sees and, per role, what it must or must not show. */
const PAGES: { path: string; shows: string; can?: (role: Role) => { present: string[]; absent: string[] } }[] = [
  { path: '/tickets', shows: 'data-testid="ticket-row"' },
  {
    path: '/tickets/ACM-001',
    shows: 'ACM-001',
    can: (role) =>
      role === 'viewer'
        ? { present: ['read-only-notice'], absent: ['aria-label="Reply"'] }
        : { present: ['aria-label="Reply"'], absent: ['read-only-notice'] },
  },
  { path: '/conversations', shows: 'data-testid="conversation-row"' },
  {
    path: `/conversations/${CONVERSATION}`,
    shows: 'data-testid="message-visitor"',
    can: (role) =>
      role === 'viewer'
        ? { present: ['read-only-notice'], absent: ['aria-label="Reply"'] }
        : { present: ['aria-label="Reply"'], absent: ['read-only-notice'] },
  },
  { path: '/visitors', shows: 'aria-label="Visitors"' },
  {
    path: '/websites',
    shows: 'data-testid="website-card"',
    can: (role) =>
      manages(role)
        ? { present: ['Add the sites your chat widget runs on.'], absent: [] }
        : { present: ['Admins manage them.'], absent: ['Add the sites'] },
  },
  {
    path: '/members',
    shows: 'data-testid="member-row"',
    can: (role) =>
      manages(role)
        ? { present: ['admins manage websites and members'], absent: ['Admins and owners manage members.'] }
        : { present: ['Admins and owners manage members.'], absent: ['admins manage websites and members'] },
  },
  {
    // every member's own preferences, kept out of the admin-only settings
    path: '/preferences',
    shows: 'aria-label="Email notifications"',
    can: () => ({ present: ['Your email notifications'], absent: ['Organization settings'] }),
  },
  {
    path: '/proposals',
    shows: 'Article proposals',
  },
  {
    path: '/knowledge',
    shows: 'data-testid="article-row"',
    can: (role) => (role === 'viewer' ? { present: [], absent: ['New article'] } : { present: ['New article', 'Export (.zip)'], absent: [] }),
  },
  {
    // a published article: admins unpublish it, agents (agents_publish off) are told admins publish, viewers read
    path: '/knowledge/a6000000-0000-4000-8000-000000000002',
    shows: 'Understanding your invoice',
    can: (role) =>
      manages(role)
        ? { present: ['Unpublish'], absent: ['Admins publish and unpublish'] }
        : role === 'agent'
          ? { present: ['Admins publish and unpublish'], absent: ['Unpublish'] }
          : { present: [], absent: ['Unpublish', 'Admins publish and unpublish'] },
  },
  { path: '/knowledge/new', shows: 'New article' },
  { path: '/knowledge/import', shows: 'Import articles' },
  {
    path: '/analytics',
    shows: 'data-testid="kpi-',
    can: (role) => (manages(role) ? { present: ['Conversation summaries'], absent: [] } : { present: [], absent: ['Conversation summaries'] }),
  },
];

let app: string;
const cookies = {} as Record<Role | 'outsider', string>;
beforeAll(async () => {
  app = await appUrl();
  for (const [role, userId] of Object.entries(ROLES)) cookies[role as Role] = await sessionCookie(userId);
  cookies.outsider = await sessionCookie(USERS.globexOwner);
});

async function get(path: string, cookie: string) {
  const res = await fetch(`${app}/dashboard/${ACME.slug}${path}`, { headers: { cookie }, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

describe.each(Object.keys(ROLES) as Role[])('an Acme %s', (role) => {
  it(
    'opens the organization on its tickets (a redirect, status 307)',
    async () => {
      const home = await get('', cookies[role]);
      expect(home.status).toBe(307);
      expect(home.location).toMatch(/\/dashboard\/acme\/tickets$/);
    },
    TIMEOUT,
  );

  it.each(PAGES)(
    'sees $path',
    async ({ path, shows, can }) => {
      const page = await get(path, cookies[role]);
      expect(page.status).toBe(200);
      expect(page.html).toContain(shows);
      const expected = can?.(role) ?? { present: [], absent: [] };
      for (const text of expected.present) expect(page.html).toContain(text);
      for (const text of expected.absent) expect(page.html).not.toContain(text);
    },
    TIMEOUT,
  );
});

/** Admin-only pages, with a marker of their content (never in the 403 page). */
const ADMIN_PAGES = [
  { path: '/settings', shows: `Slug /${ACME.slug}` },
  { path: '/settings/api-keys', shows: 'Create a key' },
  { path: '/team/analytics', shows: 'data-testid="team-kpi"' },
  { path: '/webhooks', shows: 'Add an endpoint' },
  { path: '/business-hours', shows: 'Save business hours' },
  { path: '/integrations', shows: 'Connect a Facebook Page' },
  { path: '/sla', shows: 'Targets for urgent tickets' },
];

describe.each(Object.keys(ROLES) as Role[])('an Acme %s on the admin-only pages', (role) => {
  it.each(ADMIN_PAGES)(
    manages(role) ? 'opens $path (200)' : 'gets the 403 page for $path (status 403)',
    async ({ path, shows }) => {
      const page = await get(path, cookies[role]);
      if (manages(role)) {
        expect(page.status).toBe(200);
        // (the 403 page's text is in every page's payload, as Next's forbidden boundary: not checked here)
        expect(page.html).toContain(shows);
      } else {
        expect(page.status).toBe(403);
        expect(page.html).toContain('Admins only');
        expect(page.html).not.toContain(shows);
      }
    },
    TIMEOUT,
  );

  it(
    manages(role) ? 'is offered the admin-only pages in the navigation' : 'is not offered the admin-only pages in the navigation',
    async () => {
      const page = await get('/preferences', cookies[role]);
      for (const href of [`/dashboard/${ACME.slug}/settings"`, `/dashboard/${ACME.slug}/settings/api-keys"`])
        if (manages(role)) expect(page.html).toContain(`href="${href}`);
        else expect(page.html).not.toContain(`href="${href}`);
    },
    TIMEOUT,
  );
});

describe('the websites page', () => {
  it(
    'lists the origins the widget was refused on (rendered on the server)',
    async () => {
      const origin = `https://refused-${randomUUID().slice(0, 8)}.example`;
      await sql('insert into public.website_refused_origins (website_id, organization_id, origin) values ($1, $2, $3)', [
        'a1000000-0000-4000-8000-000000000001',
        ACME.id,
        origin,
      ]);
      try {
        const page = await get('/websites', cookies.admin);
        expect(page.status).toBe(200);
        expect(page.html).toContain('data-testid="refused-origins"');
        expect(page.html).toContain(origin);
      } finally {
        await sql('delete from public.website_refused_origins where origin = $1', [origin]);
      }
    },
    TIMEOUT,
  );
});

describe('not found', () => {
  it.each(['', ...PAGES.map((p) => p.path), ...ADMIN_PAGES.map((p) => p.path)])(
    'a member of another organization gets a 404 for /dashboard/acme%s',
    async (path) => {
      const page = await get(path, cookies.outsider);
      expect(page.status).toBe(404);
      expect(page.html).toContain('Not found');
      // (the URL itself appears in the page's payload; Acme's data does not)
      for (const marker of ['data-testid="ticket-row"', 'data-testid="member-row"', 'data-testid="website-card"', 'aria-label="Reply"'])
        expect(page.html).not.toContain(marker);
    },
    TIMEOUT,
  );

  it(
    'a well-formed ticket reference that names no ticket is a 404',
    async () => {
      const page = await get('/tickets/ACM-999999', cookies.agent);
      expect(page.status).toBe(404);
      expect(page.html).toContain('Not found');
    },
    TIMEOUT,
  );

  it.each(['a2000000-0000-4000-8000-00000000ffff', 'b2000000-0000-4000-8000-000000000001', 'not-a-uuid'])(
    'conversation %s (missing, another organization’s, malformed) is a 404',
    async (id) => {
      const page = await get(`/conversations/${id}`, cookies.agent);
      expect(page.status).toBe(404);
      expect(page.html).toContain('Not found');
      expect(page.html).not.toContain('Homer');
    },
    TIMEOUT,
  );
});
