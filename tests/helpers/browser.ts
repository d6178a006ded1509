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
 * Whether React has hydrated `node` and committed that hydration: its event handlers are live.
 * React attaches its fiber to the node during the render that hydrates it, before the commit;
 * input that lands in between is replayed after the commit, and meanwhile a controlled field
 * reads as empty: a click then finds a required field empty and submits nothing (a CI run's
 * reply that never left). Committed means the node's fiber, or its alternate, hangs from the
 * root's current tree. Self-contained: Playwright runs it in the page.
 */
const isCommitted = (node: Element): boolean => {
  type Fiber = { return: Fiber | null; alternate: Fiber | null; stateNode: unknown };
  const key = Object.keys(node).find((k) => k.startsWith('__reactFiber$'));
  if (!key) return false;
  const fiber = (node as unknown as Record<string, Fiber>)[key]!;
  let top = fiber;
  while (top.return) top = top.return;
  const current = (top.stateNode as { current?: Fiber } | null)?.current;
  if (!current) return false;
  if (top === current) return true;
  let other = fiber.alternate;
  if (!other) return false;
  while (other.return) other = other.return;
  return other === current;
};

/**
 * Waits until React has hydrated the element `selector` names, and committed it: before that a
 * click on a form posts it natively, or a fill is overwritten by the component's own state.
 */
export async function waitForHydration(page: Page, selector: string, timeout = 120_000): Promise<void> {
  await untilCommitted(page.locator(selector).first(), timeout);
}

/**
 * waitForHydration for what a locator finds (its first visible match, looked up again on every
 * try: while a page streams in, React may swap the element for its resolved copy), so a role or
 * label query needs no CSS selector. Returns the locator, ready to fill or click.
 */
export async function hydrated(locator: Locator, timeout = 120_000): Promise<Locator> {
  await untilCommitted(locator.filter({ visible: true }).first(), timeout);
  return locator;
}

async function untilCommitted(el: Locator, timeout: number): Promise<void> {
  const isHydrated = () => el.evaluate(isCommitted, undefined, { timeout: 5_000 }).catch(() => false);
  await expect.poll(isHydrated, { timeout, interval: 100, message: `not hydrated: ${el.toString()}` }).toBe(true);
}
