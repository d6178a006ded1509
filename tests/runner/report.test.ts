import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { floorOf, shortfalls } from '@/scripts/test/floor';
import { tallyFiles, type VitestReport } from '@/scripts/test/vitest-report';
import { projectRoot } from '@/scripts/stack/config';

const file = (name: string, status: string, message: string, cases: [string, string, string[]?][]) => ({
  name: path.join(projectRoot, name),
  status,
  message,
  assertionResults: cases.map(([title, s, ancestorTitles = []]) => ({ title, status: s, ancestorTitles })),
});

// the shapes vitest 4 writes for a failed beforeAll, a crash at import and skipped/todo cases
const report: VitestReport = {
  testResults: [
    file('tests/a.test.ts', 'failed', 'hook boom', [
      ['one', 'skipped'],
      ['two', 'skipped'],
    ]),
    file('tests/b.test.ts', 'failed', 'import boom\n  at …', []),
    file('tests/c.test.ts', 'passed', '', [
      ['s', 'skipped'],
      ['t', 'todo'],
      ['ok', 'passed'],
      ['bad', 'failed'],
    ]),
    file('tests/db/pgtap.test.ts', 'passed', '', [
      ['runs to the end of its plan', 'passed', ['pgTAP 01-x.test.sql']],
      ['1 a', 'passed', ['pgTAP 01-x.test.sql']],
      ['2 b', 'passed', ['pgTAP 01-x.test.sql']],
    ]),
  ],
};

describe('the test runner’s tally', () => {
  const tallies = tallyFiles(report);

  it('marks files that failed outside their tests, with the first line of the reason', () => {
    expect(tallies.map((t) => t.fileError)).toEqual(['hook boom', 'import boom', undefined, undefined]);
  });

  it('counts skipped and todo cases apart from passed and failed', () => {
    expect(tallies[2]).toMatchObject({ passed: 1, failed: 1, skipped: 2 });
  });

  it('counts pgTAP assertions per SQL file, leaving out the plan check', () => {
    expect([...tallies[3]!.pgtap]).toEqual([['01-x.test.sql', 2]]);
  });

  it('names every file that ran fewer tests than its floor, or did not run', () => {
    const floor = { vitest: { 'tests/c.test.ts': 5, 'tests/gone.test.ts': 1 }, pgtap: { '01-x.test.sql': 3 } };
    expect(shortfalls(floor, tallies)).toEqual([
      'vitest tests/c.test.ts: ran 2 of at least 5',
      'vitest tests/gone.test.ts: did not run (floor 1)',
      'pgTAP 01-x.test.sql: ran 2 of at least 3',
    ]);
  });

  it('finds no shortfall against the floor taken from the same run', () => {
    expect(shortfalls(floorOf(tallies), tallies)).toEqual([]);
  });
});
