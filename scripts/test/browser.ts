import { chromium, type Browser, type BrowserServer } from 'playwright-core';
import { CHROMIUM } from './ensure-chromium';

/**
 * Debian's Chromium under playwright-core, for the browser tests and the bench's widget-weight
 * scenario. The flags keep it off the network it cannot reach here (background services,
 * component updates) and work as root in a container.
 */
const options = {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** Set by the test run's setup (tests/setup/browser-server.ts) to the one Chromium its files share. */
export const SHARED_BROWSER_ENV = 'TEST_BROWSER_WS_ENDPOINT';

/**
 * A browser of one's own, or, inside a test run, a connection to the run's shared Chromium:
 * starting one per test file cost seconds each on a loaded machine. Each file still works in
 * contexts of its own; its browser.close() closes them and disconnects.
 */
export function launchBrowser(): Promise<Browser> {
  const shared = process.env[SHARED_BROWSER_ENV];
  return shared ? chromium.connect(shared) : chromium.launch(options);
}

/** The Chromium a test run's browser files connect to. */
export function launchBrowserServer(): Promise<BrowserServer> {
  return chromium.launchServer(options);
}
