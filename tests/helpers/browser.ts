import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

const screenshots = path.resolve(import.meta.dirname, '../../artifacts/screenshots');

/** Keeps a full-page screenshot under artifacts/screenshots/<name>.png for the run's record. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshots, { recursive: true });
  const file = path.join(screenshots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Waits until React has hydrated the element `selector` names: before that a click on a form
 * posts it natively, or a fill is overwritten by the component's own state.
 */
export async function waitForHydration(page: Page, selector: string, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      return Boolean(el && Object.keys(el).some((k) => k.startsWith('__reactFiber')));
    },
    selector,
    { timeout },
  );
}

/**
 * waitForHydration for what a locator finds (its first visible match, looked up again on every
 * try: while a page streams in, React may swap the element for its resolved copy), so a role or
 * label query needs no CSS selector. Returns the locator, ready to fill or click.
 */
export async function hydrated(locator: Locator, timeout = 120_000): Promise<Locator> {
  const el = locator.filter({ visible: true }).first();
  const isHydrated = () =>
    el.evaluate((node) => Object.keys(node).some((k) => k.startsWith('__reactFiber')), undefined, { timeout: 5_000 }).catch(() => false);
  await expect.poll(isHydrated, { timeout, interval: 100, message: `not hydrated: ${locator.toString()}` }).toBe(true);
  return locator;
}
