import { readConfig } from './config';
import { mountWidget } from './widget';

// Entry point of widget.js: <script src=".../widget.js" data-website-id="wk_…" async></script>.
// document.currentScript is this tag while it runs (async included); the selector is the fallback.
const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-website-id]');
const config = script ? readConfig((name) => script.getAttribute(name)) : null;
const mounted = config !== null && document.querySelector(`concierge-widget[data-website-id="${config.websiteKey}"]`) !== null;

if (config && !mounted) {
  const start = () => mountWidget(config);
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
