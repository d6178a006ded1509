import { exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { appUrl } from '../helpers/app';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { clientWithToken, config, keys, sql, tokenFor } from '../helpers/stack';

/**
 * Server-side isolation of the dashboard, over HTTP with real session cookies: a member of Acme
 * gets a 404 for every Globex page and for Globex records under Acme's URL, and no page shows
 * another organization's data. Forged or foreign session cookies do not sign anyone in.
 */
let app: string;
beforeAll(async () => {
  app = await appUrl();
});

const key = { privateJwk: keys.sessionPrivateJwk, issuer: config.issuer };
const sessionFor = (userId: string, ttl?: number) => signSessionCookie(key, userId, ttl);

async function get(path: string, cookie?: string) {
  const res = await fetch(`${app}${path}`, { redirect: 'manual', headers: cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {} });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

const SECTIONS = ['', '/tickets', '/conversations', '/visitors', '/websites', '/members', '/settings', '/tickets/GLX-001'];

describe('an Acme agent in the dashboard', () => {
  it("sees Acme's tickets with their websites and none of Globex's", async () => {
    const cookie = await sessionFor(USERS.acmeAgent);
    // Other suites add tickets, so the first page holds whichever are newest: compare with the database.
    const [newest] = await sql<{ ref: string }>('select ref from public.tickets where organization_id = $1 order by created_at desc, id limit 1', [
      ACME.id,
    ]);
    const page = await get(`/dashboard/${ACME.slug}/tickets`, cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain(newest!.ref);
    expect(page.html).not.toContain('GLX-');
    expect(page.html).not.toContain('Access badge not working');

    const seeded = await get(`/dashboard/${ACME.slug}/tickets?q=ACM-001`, cookie);
    expect(seeded.html).toContain('ACM-001');
    expect(seeded.html).toContain('Acme main site');
    expect(seeded.html).not.toContain('GLX-');
  }, 90_000);

  for (const section of SECTIONS) {
    it(`gets a 404 for /dashboard/globex${section}`, async () => {
      const page = await get(`/dashboard/${GLOBEX.slug}${section}`, await sessionFor(USERS.acmeAgent));
      expect(page.status).toBe(404);
      expect(page.html).toContain('Not found');
      expect(page.html).not.toContain('Access badge');
    }, 90_000);
  }

  // (first visits compile these pages in `next dev`, hence the longer timeouts)
  it("cannot open Globex's ticket under Acme's address", async () => {
    const ticket = await get(`/dashboard/${ACME.slug}/tickets/GLX-001`, await sessionFor(USERS.acmeAgent));
    expect(ticket.status).toBe(404);
    expect(ticket.html).toContain('Not found');
    expect(ticket.html).not.toContain('Access badge not working');
  }, 90_000);

  it("cannot open Globex's conversation under Acme's address", async () => {
    const conversation = await get(`/dashboard/${ACME.slug}/conversations/b2000000-0000-4000-8000-000000000001`, await sessionFor(USERS.acmeAgent));
    expect(conversation.status).toBe(404);
    expect(conversation.html).toContain('Not found');
    expect(conversation.html).not.toContain('Homer');
  }, 90_000);

  it('goes straight into Acme, its only organization', async () => {
    const page = await get('/dashboard', await sessionFor(USERS.acmeAgent));
    expect(page.status).toBe(307);
    expect(page.location).toMatch(/\/dashboard\/acme\/tickets$/);
  });
});

describe('a member of two organizations', () => {
  it('chooses between them, and each shows only its own tickets', async () => {
    const cookie = await sessionFor(USERS.consultant);
    const index = await get('/dashboard', cookie);
    expect(index.status).toBe(200);
    expect(index.html).toContain('Acme Corp');
    expect(index.html).toContain('Globex');
    const globex = await get(`/dashboard/${GLOBEX.slug}/tickets?q=GLX-001`, cookie);
    expect(globex.html).toContain('GLX-001');
    expect(globex.html).not.toContain('ACM-00');
  });

  it("lists each organization's members without their own membership elsewhere", async () => {
    const page = await get(`/dashboard/${ACME.slug}/members`, await sessionFor(USERS.consultant));
    const [acme] = await sql<{ n: number }>('select count(*)::int as n from public.organization_members where organization_id = $1', [ACME.id]);
    // one row per Acme member: the consultant's own Globex membership (visible to them) is not listed
    expect(page.html.match(/data-testid="member-row"/g)).toHaveLength(acme!.n);
    expect(page.html).toContain('alan@acme.com');
    expect(page.html).not.toContain('gina@globex.com');
  });
});

describe('sessions', () => {
  it('signed-out visitors are sent to sign in', async () => {
    const page = await get(`/dashboard/${ACME.slug}/tickets`);
    expect(page.status).toBe(307);
    expect(page.location).toContain('/sign-in?redirect_url=%2Fdashboard%2Facme%2Ftickets');
  });

  it('an API token, an expired session or a session signed by another key signs nobody in', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const foreign = await signSessionCookie(
      { privateJwk: { ...(await exportJWK(privateKey)), kid: keys.sessionPrivateJwk.kid }, issuer: config.issuer },
      USERS.acmeOwner,
    );
    const cookies = [
      await tokenFor(USERS.acmeOwner, { id: ACME.id, role: 'owner', slug: ACME.slug }),
      await sessionFor(USERS.acmeOwner, -60),
      foreign,
    ];
    for (const cookie of cookies) {
      const page = await get(`/dashboard/${ACME.slug}/tickets`, cookie);
      expect(page.status).toBe(307);
      expect(page.location).toContain('/sign-in');
    }
  });

  it('a session cookie is no API token: PostgREST shows it nothing', async () => {
    const { data, status } = await clientWithToken(await sessionFor(USERS.acmeOwner))
      .from('tickets')
      .select('id');
    expect(status).toBe(401);
    expect(data).toBeNull();
  });
});
