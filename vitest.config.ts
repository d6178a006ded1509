import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * pgTAP asserts against the seed as committed (ticket ACM-003 is the next one, member counts), so
 * it runs before the API and browser tests that add rows; the rest keep vitest's own order.
 */
class SeedStateFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const first = (f: TestSpecification) => (f.moduleId.endsWith('tests/db/pgtap.test.ts') ? 0 : 1);
    return [...sorted].sort((a, b) => first(a) - first(b));
  }
}

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/app-server.ts'],
    // One shared database: pgTAP files commit their helpers, API tests write rows.
    fileParallelism: false,
    sequence: { sequencer: SeedStateFirst },
    testTimeout: 30_000,
    // a focused test silently drops every other one, so it fails the run everywhere
    allowOnly: false,
    hookTimeout: 120_000,
  },
});
