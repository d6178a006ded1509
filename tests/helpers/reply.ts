import type { Page, Request } from 'playwright-core';
import { hydrated } from './browser';

/**
 * Sends a reply from the reply form on the page, as an agent would, and waits for the form's
 * confirmation. When none comes, the error says what the page
 * was doing instead: what the box held, whether the button was still sending, what the form
 * said, and which server actions and re-renders were still open, so a failure on CI explains
 * itself.
 */
export async function sendReply(page: Page, text: string): Promise<void> {
  const button = page.getByRole('button', { name: 'Send reply' });
  const box = page.getByRole('textbox', { name: /^Reply/ });
  const open = new Map<Request, number>();
  const log: string[] = [];
  const started = Date.now();
  const at = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  // server actions and re-renders; link prefetches are noise here
  const routerRequest = (r: Request) => Boolean(r.headers()['next-action'] || (r.headers()['rsc'] && !r.headers()['next-router-prefetch']));
  const describe = (r: Request) => `${r.method()} ${new URL(r.url()).pathname}${r.headers()['next-action'] ? ' (server action)' : ' (re-render)'}`;
  const onRequest = (r: Request) => {
    if (!routerRequest(r)) return;
    open.set(r, Date.now());
    log.push(`${at()} start ${describe(r)}`);
  };
  const onDone = (r: Request) => {
    if (!open.delete(r)) return;
    log.push(`${at()} ${r.failure() ? `failed (${r.failure()!.errorText})` : 'done'} ${describe(r)}`);
  };
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  try {
    // the form adds its idempotency key from JavaScript: sent before hydration, it posts natively without one
    await hydrated(button);
    await box.fill(text);
    await button.click();
    log.push(`${at()} clicked`);
    await page
      .getByText('Reply sent.')
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        const state = await page
          .locator('form[aria-label="Reply"]')
          .evaluate((form) => {
            const area = form.querySelector('textarea');
            const submit = form.querySelector('button[type="submit"]');
            return {
              box: area?.value ?? null,
              validation: area?.validationMessage ?? null,
              sending: submit?.hasAttribute('data-loading') ?? null,
              alerts: [...form.querySelectorAll('[role="alert"], .mantine-Alert-message')].map((a) => a.textContent),
            };
          })
          .catch((e: unknown) => `form unreadable: ${String(e)}`);
        const pending = [...open].map(([r, t]) => `${describe(r)} open for ${((Date.now() - t) / 1000).toFixed(1)}s`);
        throw new Error(
          `no confirmation of the reply: ${String(error)}\n` +
            `form: ${JSON.stringify(state)}\nstill open: ${pending.join('; ') || 'nothing'}\nrequests: ${log.join(' | ')}`,
        );
      });
  } finally {
    page.off('request', onRequest);
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
  }
}
