import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const screenshots = path.resolve(import.meta.dirname, '../../artifacts/screenshots');

/** Keeps a full-page screenshot under artifacts/screenshots/<name>.png for the run's record. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshots, { recursive: true });
  const file = path.join(screenshots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
