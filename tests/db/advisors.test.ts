import { expect, it } from 'vitest';
import { supabaseCli } from '@/scripts/stack/supabase-cli';
import { config } from '../helpers/stack';

it('supabase db advisors reports nothing at level warn', () => {
  const result = supabaseCli(['db', 'advisors', `--remote=${config.db.url}`, '--level', 'warn', '--output-format', 'json']);
  expect(result.status, result.stderr).toBe(0);
  const { results } = JSON.parse(result.stdout) as { results: { name: string; detail: string }[] };
  expect(results.map((r) => `${r.name}: ${r.detail}`)).toEqual([]);
});
