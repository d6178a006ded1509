import { readConfig } from './config';
import { browserStore, clearWebsite } from './storage';
import { mountWidget } from './widget';

// Entry point of widget.js: <script src=".../widget.js" data-website-id="wk_…" async></script>.
// document.currentScript is this tag while it runs (async included); the selector is the fallback.
const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-website-id]');
const config = script ? readConfig((name) => script.getAttribute(name)) : null;
const mounted = config !== null && document.querySelector(`concierge-widget[data-website-id="${config.websiteKey}"]`) !== null;

// The page's API. Concierge.shutdown() on log-out: every widget on the page forgets its stored
// sessions and leaves the page. An event rather than a closure, so one call reaches the widgets of
// every copy of widget.js on the page (one per website key).
const SHUTDOWN = 'concierge:shutdown';
const page = window as unknown as { Concierge?: { shutdown(): void } };
page.Concierge = page.Concierge ?? { shutdown: () => void document.dispatchEvent(new Event(SHUTDOWN)) };

if (config && !mounted) {
  let teardown: (() => void) | null = null;
  let shut = false;
  document.addEventListener(SHUTDOWN, () => {
    shut = true;
    if (teardown) teardown();
    else clearWebsite(config.websiteKey, browserStore());
  });
  const start = () => {
    if (!shut) teardown = mountWidget(config);
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
