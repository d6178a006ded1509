import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../stack/config';
import { testStackEnv } from './test-stack-env';

/**
 * Tallies vitest's JSON report per file, so the closing line can tell passed, failed and skipped
 * apart, and a file that crashed before or after its tests is not mistaken for "1 failed".
 */
/** The report's path, named by the port base so parallel runs (TEST_PORT_BASE) keep their own. */
export const vitestReportFile = path.join(
  projectRoot,
  'artifacts',
  `vitest${testStackEnv.STACK_API_PORT === '25321' ? '' : `-${Number(testStackEnv.STACK_API_PORT) - 1}`}.json`,
);

const assertionSchema = z.object({
  ancestorTitles: z.array(z.string()),
  title: z.string(),
  status: z.string(),
});
const fileSchema = z.object({
  name: z.string(),
  status: z.string(),
  message: z.string().optional().default(''),
  assertionResults: z.array(assertionSchema),
});
export const vitestReportSchema = z.object({ testResults: z.array(fileSchema) });
export type VitestReport = z.infer<typeof vitestReportSchema>;

export interface FileTally {
  /** path relative to the project root */
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  /** the file failed outside its tests: an import, a beforeAll/afterAll, a crash */
  fileError: string | undefined;
  /** pgTAP assertions by SQL file (only for the pgTAP runner's file) */
  pgtap: Map<string, number>;
}

const skippedStatuses = new Set(['skipped', 'pending', 'todo', 'disabled']);
const pgtapSuite = /^pgTAP (.+\.sql)$/;

export function tallyFiles(report: VitestReport): FileTally[] {
  return report.testResults.map((result) => {
    const tally: FileTally = {
      file: path.relative(projectRoot, result.name),
      passed: 0,
      failed: 0,
      skipped: 0,
      fileError: undefined,
      pgtap: new Map(),
    };
    for (const a of result.assertionResults) {
      if (a.status === 'passed') tally.passed += 1;
      else if (skippedStatuses.has(a.status)) tally.skipped += 1;
      else tally.failed += 1;
      const sqlFile = a.ancestorTitles.map((t) => pgtapSuite.exec(t)?.[1]).find(Boolean);
      // the per-file "runs to the end of its plan" case is the runner's, not an assertion
      if (sqlFile && a.title !== 'runs to the end of its plan') {
        tally.pgtap.set(sqlFile, (tally.pgtap.get(sqlFile) ?? 0) + 1);
      }
    }
    const testsAllFine = tally.failed === 0;
    if (result.status === 'failed' && testsAllFine) tally.fileError = result.message.split('\n')[0] || 'the file failed';
    return tally;
  });
}
