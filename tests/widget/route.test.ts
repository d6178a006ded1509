import { renameSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { WIDGET_BUNDLE } from '../../scripts/build-widget';
import { appUrl } from '../helpers/app';
import { config } from '../helpers/stack';

/** GET /widget.js and the demo pages, as a customer's page and a browser's cache see them. */
let app: string;
beforeAll(async () => {
  app = await appUrl();
});

describe('widget.js', () => {
  it('is JavaScript that customer sites may load, configured with this stack’s functions URL', async () => {
    const res = await fetch(`${app}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toMatch(/no-cache|max-age=\d+/);
    const js = await res.text();
    expect(js).toContain(`"${config.apiUrl}/functions/v1"`);
    expect(js).not.toContain('__CONCIERGE_FUNCTIONS_URL__');
    expect(Buffer.byteLength(js)).toBeLessThan(100 * 1024);
  });

  it('answers 304 to a cached copy with the same ETag', async () => {
    const etag = (await fetch(`${app}/widget.js`)).headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${app}/widget.js`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
  });

  it('answers 503 with a JSON error when the bundle is not built, and never builds it at request time', async () => {
    const aside = `${WIDGET_BUNDLE}.aside`;
    renameSync(WIDGET_BUNDLE, aside);
    try {
      const res = await fetch(`${app}/widget.js`);
      expect(res.status).toBe(503);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({ error: { code: 'widget_not_built', message: expect.stringContaining('npm run build:widget') } });
      expect((await fetch(`${app}/widget.js`)).status).toBe(503);
    } finally {
      renameSync(aside, WIDGET_BUNDLE);
    }
    expect((await fetch(`${app}/widget.js`)).status).toBe(200);
  });
});

describe('demo customer sites', () => {
  it('embed the widget with one script tag and their own website key', async () => {
    for (const [site, key] of [
      ['acme', 'wk_acme_main'],
      ['globex', 'wk_globex_main'],
    ]) {
      const html = await (await fetch(`${app}/demo/${site}`)).text();
      expect(html).toMatch(new RegExp(`<script src="/widget.js" data-website-id="${key}" async="">`));
    }
  });

  it('an unknown site is a 404', async () => {
    expect((await fetch(`${app}/demo/initech`)).status).toBe(404);
  });
});
