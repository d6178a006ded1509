import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from './ensure-chromium';

/**
 * Debian's Chromium under playwright-core, for the browser tests and the bench's widget-weight
 * scenario. The flags keep it off the network it cannot reach here (background services,
 * component updates) and work as root in a container.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
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
  });
}
