import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectRoot } from '../../scripts/stack/config';
import { buildWidget, WIDGET_BUNDLE } from '../../scripts/build-widget';
import { launchBrowser } from '../../scripts/test/browser';
import { withClient } from '../generate';
import { orgId, websiteKey, type BenchContext } from '../lib/context';
import { notMeasured, type ScenarioResult } from '../lib/result';

/**
 * Widget weight: bytes on the wire (headers + gzipped bodies) of everything the widget loads
 * before the visitor's first message, seen by Chromium: widget.js, then, once the visitor opens
 * it, the session call and its CORS preflight. Against 170 KiB, Chatwoot's widget as measured by
 * Lighthouse. The host page itself is not counted.
 */
const CHATWOOT_BYTES = 170 * 1024;
const PLACEHOLDER = '__CONCIERGE_FUNCTIONS_URL__';

export async function widgetWeight(ctx: BenchContext): Promise<ScenarioResult> {
  const id = 'widget-weight';
  const title = "Widget weight: bytes before the first message vs Chatwoot's 170 KiB";
  const target = { op: '<=' as const, value: 0.2 };
  if (!existsSync(path.join(projectRoot, 'widget/src/index.ts'))) {
    return notMeasured(id, title, 'not measured: widget/src does not exist yet', target);
  }
  await buildWidget();
  const bundle = readFileSync(WIDGET_BUNDLE, 'utf8').split(PLACEHOLDER).join(`${ctx.config.apiUrl}/functions/v1`);
  const gzipped = gzipSync(bundle);
  const site = http.createServer((req, res) => {
    if (req.url === '/widget.js') {
      res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8', 'content-encoding': 'gzip' });
      return res.end(gzipped);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>Bench site</title></head><body><h1>A customer site</h1>
      <script src="/widget.js" data-website-id="${websiteKey(1)}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, ctx.config.host, resolve));
  const origin = `http://${ctx.config.host}:${(site.address() as AddressInfo).port}`;
  await withClient(ctx.config.db.url, (c) =>
    c.query(
      `update public.websites set allowed_origins = array_append(allowed_origins, $1) where organization_id = $2 and not $1 = any(allowed_origins)`,
      [origin, orgId(1)],
    ),
  );
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const loads: { url: string; bytes: number }[] = [];
    page.on('requestfinished', (request) => {
      void request.sizes().then((s) => {
        if (request.resourceType() !== 'document') loads.push({ url: request.url(), bytes: s.responseBodySize + s.responseHeadersSize });
      });
    });
    await page.goto(origin, { waitUntil: 'networkidle' });
    await page.locator('button[aria-label="Open chat"]').click();
    await page.locator('textarea').waitFor();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    const total = loads.reduce((n, l) => n + l.bytes, 0);
    const kib = (b: number) => b / 1024;
    return {
      id,
      title,
      status: 'measured',
      a: { label: `${loads.length} responses before the first message`, median: kib(total), unit: 'KiB' },
      b: { label: 'Chatwoot widget (Lighthouse)', median: kib(CHATWOOT_BYTES), unit: 'KiB' },
      ratio: total / CHATWOOT_BYTES,
      ratioOf: 'our bytes / 170 KiB',
      target,
      conditionsMet: loads.some((l) => l.url.endsWith('/widget-session')),
      notes: [
        `widget.js ${(bundle.length / 1024).toFixed(1)} KiB raw, ${kib(gzipped.length).toFixed(1)} KiB gzipped; ` +
          loads.map((l) => `${new URL(l.url).pathname} ${l.bytes} B`).join(', '),
      ],
      remedy: 'keep widget.js one small IIFE with no framework, fonts or images; lazy-load anything the first message does not need',
    };
  } finally {
    await browser.close();
    site.close();
  }
}
