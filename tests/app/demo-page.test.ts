import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, sessionCookie } from '../helpers/actions';
import { appUrl } from '../helpers/app';
import { ACME, USERS } from '../helpers/seed';
import { sql } from '../helpers/stack';

/**
 * An organization's own demo page (/demo/org/<org>): its members only, any of its websites, and the
 * admin's one click that lets the app's own origin run a website's widget (nobody else's click).
 */
let app: string;
const SHOP = 'wk_acme_shop';
let shopOrigins: string[];

beforeAll(async () => {
  app = await appUrl();
  const rows = await sql<{ allowed_origins: string[] }>('select allowed_origins from public.websites where public_key = $1', [SHOP]);
  shopOrigins = rows[0]!.allowed_origins;
}, 180_000);

afterAll(async () => {
  await sql('update public.websites set allowed_origins = $1 where public_key = $2', [shopOrigins, SHOP]);
});

const page = async (path: string, userId?: string) =>
  fetch(`${app}${path}`, { headers: userId ? { cookie: await sessionCookie(userId) } : {}, redirect: 'manual' });

const allow = async (userId: string) => {
  const id = (await sql<{ id: string }>('select id from public.websites where public_key = $1', [SHOP]))[0]!.id;
  return callAction(app, {
    page: '/demo/org/acme',
    file: 'lib/dashboard/actions/websites.ts',
    name: 'allowDemoOrigin',
    cookie: await sessionCookie(userId),
    fields: { orgSlug: ACME.slug, websiteId: id },
  });
};

describe('/demo/org/<org>', () => {
  it('is for members: signed out goes to sign-in, another organization gets 404, a member picks a website', async () => {
    const signedOut = await page('/demo/org/acme');
    expect(signedOut.status).toBe(307);
    expect(signedOut.headers.get('location')).toMatch(/\/sign-in/);
    expect((await page('/demo/org/acme', USERS.globexOwner)).status).toBe(404);
    const res = await page('/demo/org/acme?site=shop.acme.com', USERS.acmeAgent);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<h1>Acme shop<\/h1>/);
    expect(html).toContain('Acme main site');
  });

  it("lets an admin, and no agent, allow the app's origin for a website", async () => {
    const origin = new URL(app).origin;
    const refused = await allow(USERS.acmeAgent);
    expect(refused.result).toMatchObject({ status: 'error' });
    expect(
      (await sql<{ ok: boolean }>('select $1 = any(allowed_origins) as ok from public.websites where public_key = $2', [origin, SHOP]))[0]!.ok,
    ).toBe(false);

    const allowed = await allow('user_acme_admin');
    expect(allowed.result).toMatchObject({ status: 'success', message: `${origin} may now run the widget.` });
    const [row] = await sql<{ allowed_origins: string[] }>('select allowed_origins from public.websites where public_key = $1', [SHOP]);
    expect(row!.allowed_origins).toEqual([...shopOrigins, origin]);
    // a second click changes nothing
    await allow('user_acme_admin');
    expect((await sql<{ n: number }>('select cardinality(allowed_origins) as n from public.websites where public_key = $1', [SHOP]))[0]!.n).toBe(
      shopOrigins.length + 1,
    );
    const html = await (await page('/demo/org/acme?site=shop.acme.com', USERS.acmeAgent)).text();
    expect(html).toContain(`data-website-id="${SHOP}"`);
  });
});
