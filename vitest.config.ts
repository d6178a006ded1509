import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files run in a shuffled order, so no file can lean on what another one left behind; the
 * seed is `--sequence.seed` (scripts/test/run.ts passes TEST_SEED or a random one and prints it,
 * so `TEST_SEED=<n> npm test` repeats an order). One dependency stays: pgTAP asserts against the
 * seed as committed (ticket ACM-003 is the next one, member counts), so it, and the pg_prove run
 * of the same files, go first, before any file adds rows.
 */
const seedStateFiles = ['tests/db/pgtap.test.ts', 'tests/db/db-test.test.ts'];

/** mulberry32: a small seeded generator, so one seed gives one order on every machine. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class ShuffledSeedStateFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const byName = [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
    const random = seeded(this.ctx.config.sequence.seed);
    for (let i = byName.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [byName[i], byName[j]] = [byName[j]!, byName[i]!];
    }
    const rank = (f: TestSpecification) => {
      const i = seedStateFiles.findIndex((name) => f.moduleId.endsWith(name));
      return i === -1 ? seedStateFiles.length : i;
    };
    return byName.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/app-server.ts', 'tests/setup/browser-server.ts'],
    // One shared database: pgTAP files commit their helpers, API tests write rows.
    fileParallelism: false,
    sequence: { sequencer: ShuffledSeedStateFirst },
    testTimeout: 30_000,
    // tests marked concurrent (read-only page checks, tests/browser/accessibility.test.ts) run
    // three at a time: more would only queue on CI's two cores
    maxConcurrency: 3,
    // a focused test silently drops every other one, so it fails the run everywhere
    allowOnly: false,
    hookTimeout: 120_000,
    // on only when scripts/test/run.ts asks (--coverage.enabled); it summarizes the json-summary
    coverage: {
      provider: 'v8',
      include: ['lib/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}', 'widget/src/**/*.{ts,tsx}'],
      exclude: ['lib/database.types.ts'],
      reporter: ['json-summary', 'html'],
    },
  },
});
