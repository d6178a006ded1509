import { describe, expect, it } from 'vitest';
import { pgtapFiles, runPgtapFile, type PgtapRun } from '../helpers/pgtap';
import { config } from '../helpers/stack';

/**
 * Runs each supabase/tests/*.sql pgTAP file (as `supabase test db` would, in name order) and
 * reports every pgTAP assertion as a vitest test of its own.
 */
const runs: PgtapRun[] = [];
for (const file of pgtapFiles) runs.push(await runPgtapFile(config.db.url, file));

it('finds the pgTAP files', () => {
  expect(pgtapFiles.length).toBeGreaterThan(3);
});

for (const run of runs) {
  describe(`pgTAP ${run.file}`, () => {
    it('runs to the end of its plan', () => {
      expect(run.error).toBeUndefined();
      expect(run.plan).toBeGreaterThan(0);
      expect(run.asserts.length).toBe(run.plan);
    });
    for (const a of run.asserts) {
      it(`${a.id} ${a.name || '(unnamed)'}`, () => {
        expect(a.ok, run.comments.get(a)?.join('\n') ?? a.name).toBe(true);
      });
    }
  });
}
