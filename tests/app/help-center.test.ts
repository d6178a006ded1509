import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, sessionCookie } from '../helpers/actions';
import { appUrl } from '../helpers/app';
import { sql } from '../helpers/stack';

/**
 * The public help center through `next start`: pages read as anon show published articles of
 * organizations whose help center is on, and answer 404 for anything else.
 */
let app: string;
const OFF = { id: 'c0000000-0000-4000-8000-0000000000a1', slug: 'help-off-test' };

beforeAll(async () => {
  app = await appUrl();
  // an organization that never turned its help center on, with a published article
  await sql(
    `insert into public.organizations (id, slug, name, kind, ticket_prefix) values ($1, $2, 'Closed Co', 'team', 'CLO') on conflict do nothing`,
    [OFF.id, OFF.slug],
  );
  await sql(
    `insert into public.articles (organization_id, title, slug, body, is_published) values ($1, 'Secret handbook', 'secret', 'Closed text.', true) on conflict do nothing`,
    [OFF.id],
  );
}, 180_000);

afterAll(async () => {
  await sql('delete from public.organizations where id = $1', [OFF.id]);
});

describe('/help/<org>', () => {
  it('lists the published articles by collection, never a draft', async () => {
    const res = await fetch(`${app}/help/acme`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Acme Corp Help Center</title>');
    expect(html).toContain('href="/help/acme/articles/reset-password"');
    expect(html).toContain('How to reset your password');
    expect(html).not.toContain('Exporting your data');
    expect(html).not.toContain('Resetting your Globex password');
    expect(html).toMatch(/<link rel="canonical" href="[^"]+\/help\/acme"/);
  });

  it('searches the published articles', async () => {
    const res = await fetch(`${app}/help/acme?q=invoice`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Understanding your invoice');
    expect(html).not.toContain('Two-factor authentication');
    const none = await (await fetch(`${app}/help/acme?q=${encodeURIComponent('zebra, (x)*')}`)).text();
    expect(none).toContain('No article matches');
  });

  it('answers 404 for an unknown organization and for one whose help center is off', async () => {
    expect((await fetch(`${app}/help/no-such-org`)).status).toBe(404);
    expect((await fetch(`${app}/help/${OFF.slug}`)).status).toBe(404);
    expect((await fetch(`${app}/help/${OFF.slug}/articles/secret`)).status).toBe(404);
  });
});

describe('/help/<org>/articles/<slug>', () => {
  it('renders the article with its metadata, section anchors and safe links', async () => {
    const res = await fetch(`${app}/help/acme/articles/two-factor-authentication`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Two-factor authentication · Acme Corp Help Center</title>');
    expect(html).toMatch(/<meta name="description" content="Two-factor authentication \(2FA\) protects/);
    expect(html).toMatch(/<link rel="canonical" href="[^"]+\/help\/acme\/articles\/two-factor-authentication"/);
    expect(html).toContain('id="lost-your-phone"');
  });

  it('drops raw HTML and scripts from a body, and marks links noopener nofollow in a new tab', async () => {
    const [row] = await sql<{ id: string }>(
      `insert into public.articles (organization_id, title, slug, body, is_published) values
        ('a0000000-0000-4000-8000-000000000001', 'Markdown check', 'markdown-check-help-test',
         E'See [our site](https://acme.com) and [bad](javascript:alert(1)).\n\n<script>alert(1)</script><img src=x onerror=alert(1)>', true)
       returning id`,
    );
    try {
      const html = await (await fetch(`${app}/help/acme/articles/markdown-check-help-test`)).text();
      expect(html).toContain('<a href="https://acme.com" rel="noopener nofollow" target="_blank">our site</a>');
      expect(html).not.toContain('javascript:alert');
      expect(html).not.toContain('<script>alert(1)');
      expect(html).not.toContain('onerror');
    } finally {
      await sql('delete from public.articles where id = $1', [row!.id]);
    }
  });

  it('answers 404 for a draft, another organization’s article and an unknown slug', async () => {
    expect((await fetch(`${app}/help/acme/articles/exporting-data`)).status).toBe(404);
    expect((await fetch(`${app}/help/acme/articles/access-badges`)).status).toBe(404);
    expect((await fetch(`${app}/help/acme/articles/nope`)).status).toBe(404);
  });
});

describe('/help/<org>/sitemap.xml', () => {
  it('lists the home and every published article, no draft', async () => {
    const res = await fetch(`${app}/help/acme/sitemap.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await res.text();
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(xml).toMatch(/<loc>[^<]+\/help\/acme<\/loc>/);
    expect(xml).toMatch(/<loc>[^<]+\/help\/acme\/articles\/reset-password<\/loc>/);
    expect(xml).not.toContain('exporting-data');
    expect(xml).not.toContain('access-badges');
  });

  it('answers 404 with a JSON error for a help center that is off', async () => {
    const res = await fetch(`${app}/help/${OFF.slug}/sitemap.xml`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('the help center of one website (?site=<domain>)', () => {
  it("shows the website's name and colour, keeps the site in its links, canonical URL and sitemap, and nothing else of the website", async () => {
    const res = await fetch(`${app}/help/acme?site=support.acme.com`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Acme support Help Center</title>');
    expect(html).toMatch(/<link rel="canonical" href="[^"]+\/help\/acme\?site=support\.acme\.com"/);
    expect(html).toContain('href="/help/acme/articles/reset-password?site=support.acme.com"');
    expect(html).toContain('--brand:#1c7ed6');
    // what anon must never learn of a website: its key and allowed origins
    expect(html).not.toContain('wk_acme_support');
    expect(html).not.toContain('https://support.acme.com');

    const article = await (await fetch(`${app}/help/acme/articles/reset-password?site=shop.acme.com`)).text();
    expect(article).toContain('<title>How to reset your password · Acme shop Help Center</title>');
    expect(article).toMatch(/<link rel="canonical" href="[^"]+\/help\/acme\/articles\/reset-password\?site=shop\.acme\.com"/);

    const sitemap = await (await fetch(`${app}/help/acme/sitemap.xml?site=support.acme.com`)).text();
    expect(sitemap).toMatch(/<loc>[^<]+\/help\/acme\/articles\/reset-password\?site=support\.acme\.com<\/loc>/);
    expect(await (await fetch(`${app}/help/acme/sitemap.xml`)).text()).toMatch(/<loc>[^<]+\/help\/acme\?site=shop\.acme\.com<\/loc>/);
  });

  it("is the organization's help center for a domain that is none of its websites", async () => {
    const html = await (await fetch(`${app}/help/acme?site=globex.com`)).text();
    expect(html).toContain('<title>Acme Corp Help Center</title>');
    expect(html).toMatch(/<link rel="canonical" href="[^"]+\/help\/acme"/);
    // no link or canonical URL of a help center that does not exist (the request's own URL is in the page's data)
    expect(html).not.toMatch(/href="[^"]*\?site=globex\.com/);
  });
});

describe('the Settings switch', () => {
  const call = async (user: string, helpCenter: 'on' | 'off') =>
    callAction(app, {
      page: '/dashboard/globex/settings',
      file: 'lib/dashboard/actions/help-center.ts',
      name: 'saveHelpCenter',
      cookie: await sessionCookie(user),
      fields: { orgSlug: 'globex', helpCenter },
    });

  it('an owner closes the help center (then it is a 404) and opens it again; an agent cannot', { timeout: 300_000 }, async () => {
    try {
      const closed = await call('user_globex_owner', 'off');
      expect(closed.result).toMatchObject({ status: 'success', message: 'Your help center is closed.' });
      expect((await fetch(`${app}/help/globex`)).status).toBe(404);
      expect((await fetch(`${app}/help/globex/sitemap.xml`)).status).toBe(404);

      const refused = await call('user_globex_agent', 'on');
      expect(refused.result).toMatchObject({ status: 'error' });
      expect((await fetch(`${app}/help/globex`)).status).toBe(404);

      const opened = await call('user_globex_owner', 'on');
      expect(opened.result).toMatchObject({ status: 'success', message: 'Your help center is public at /help/globex.' });
      expect((await fetch(`${app}/help/globex`)).status).toBe(200);
    } finally {
      await sql(`update public.organizations set settings = settings || '{"help_center_enabled": true}' where slug = 'globex'`);
    }
  });
});
