import type { CheckResult } from './checks';

/** The doctor's report: a line a check, its fix under a failure, and the counts. */
export function formatResults(results: CheckResult[]): string {
  const mark = { pass: '✔', fail: '✘', skip: '-' } as const;
  const width = Math.max(...results.map((r) => r.id.length));
  const lines = results.flatMap((r) => {
    const head = `${mark[r.status]} ${r.id.padEnd(width)}  ${r.status === 'skip' ? 'skipped: ' : ''}${r.detail}`;
    return r.fix && r.status !== 'pass' ? [head, `  ${' '.repeat(width)}  fix: ${r.fix}`] : [head];
  });
  const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  lines.push('', `${results.length} checks: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
  return lines.join('\n');
}
