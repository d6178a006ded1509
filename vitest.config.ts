import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * pgTAP asserts against the seed as committed (ticket ACM-003 is the next one, member counts), so
 * it, and the pg_prove run of the same files, go before the API and browser tests that add rows;
 * the rest keep vitest's own order.
 */
const seedStateFiles = ['tests/db/pgtap.test.ts', 'tests/db/db-test.test.ts'];

class SeedStateFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = seedStateFiles.findIndex((name) => f.moduleId.endsWith(name));
      return i === -1 ? seedStateFiles.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
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
