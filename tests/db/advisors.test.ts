import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { config } from '../helpers/stack';

const root = path.resolve(import.meta.dirname, '../..');

it('supabase db advisors reports nothing at level warn', () => {
  const result = spawnSync(
    path.join(root, 'node_modules/.bin/supabase'),
    ['db', 'advisors', `--remote=${config.db.url}`, '--level', 'warn', '--output-format', 'json', '--workdir', root],
    { encoding: 'utf8', env: { ...process.env, PGSSLMODE: 'disable', SUPABASE_TELEMETRY_DISABLED: '1' } },
  );
  expect(result.status, result.stderr).toBe(0);
  const { results } = JSON.parse(result.stdout) as { results: { name: string; detail: string }[] };
  expect(results.map((r) => `${r.name}: ${r.detail}`)).toEqual([]);
});
