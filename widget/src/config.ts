import type { Identity } from './types';

// Settings from the embedding <script> tag, plus the functions URL that app/widget.js/route.ts
// writes over this placeholder when it serves the bundle.

export const INJECTED_FUNCTIONS_URL = '__CONCIERGE_FUNCTIONS_URL__';

export interface WidgetConfig {
  websiteKey: string;
  functionsUrl: string;
  identity?: Identity;
}

type Attr = (name: string) => string | null;

/** null (with a console error for the site's developer) when the tag is not usable. */
export function readConfig(attr: Attr, injected: string = INJECTED_FUNCTIONS_URL): WidgetConfig | null {
  const websiteKey = (attr('data-website-id') ?? '').trim();
  if (!/^wk_[A-Za-z0-9_]{4,64}$/.test(websiteKey)) {
    console.error('Concierge widget: set data-website-id="wk_…" (your website key) on the script tag.');
    return null;
  }
  // data-functions-url serves a copy of the bundle hosted elsewhere (e.g. on a CDN).
  const url = (attr('data-functions-url') ?? '').trim() || (injected.indexOf('__CONCIERGE') === 0 ? '' : injected);
  if (!/^https?:\/\//.test(url)) {
    console.error('Concierge widget: no functions URL; load widget.js from your Concierge app or set data-functions-url.');
    return null;
  }
  const config: WidgetConfig = { websiteKey, functionsUrl: url.replace(/\/+$/, '') };
  const externalId = attr('data-user-id');
  const hmac = attr('data-user-hash');
  if (externalId && hmac) {
    const email = attr('data-user-email');
    config.identity = { external_id: externalId, hmac, ...(email ? { email } : {}) };
  }
  return config;
}
