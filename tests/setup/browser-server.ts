import { launchBrowserServer, SHARED_BROWSER_ENV } from '@/scripts/test/browser';

/**
 * One Chromium for the whole run, started only when the run serves the app (the browser files
 * need it): launchBrowser() in a test file connects to it (the workers inherit the variable)
 * instead of starting a browser per file.
 */
export default async function setup() {
  if (process.env.TEST_APP_BUILT !== '1') return;
  const server = await launchBrowserServer();
  process.env[SHARED_BROWSER_ENV] = server.wsEndpoint();
  return async () => {
    delete process.env[SHARED_BROWSER_ENV];
    await server.close();
  };
}
