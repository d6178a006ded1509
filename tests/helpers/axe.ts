import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { screenshot } from './browser';

/** The rule sets the suite holds every page to: WCAG 2.0 A and AA (axe's own tag names). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa'];

/**
 * axe-core on what the page shows now (wait for the content first): the serious and critical
 * violations, one line each (rule, impact, the first three elements and axe's summary of the
 * first), so a failing `expect(...).toEqual([])` says what to fix. Minor and moderate findings are
 * not failures. `include` narrows the check to one element (a CSS selector, e.g. the widget's host).
 */
export async function axeViolations(page: Page, options: { include?: string } = {}): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  if (options.include) builder = builder.include(options.include);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const targets = v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ');
      const summary = v.nodes[0]?.failureSummary?.replace(/\s+/g, ' ').trim() ?? '';
      return `${v.id} (${v.impact}, ${v.nodes.length}×): ${targets} — ${summary}`;
    });
}

/**
 * Fails unless axe finds no serious or critical violation on the page; on a failure it keeps a
 * screenshot (`axe-<name>`) next to the run's others, so the report can be read against the page.
 */
export async function expectAccessible(page: Page, name: string, options: { include?: string } = {}): Promise<void> {
  const found = await axeViolations(page, options);
  if (found.length === 0) return;
  await screenshot(page, `axe-${name}`);
  throw new Error(`axe: ${found.length} serious or critical violation(s) on ${name}:\n${found.join('\n')}`);
}
