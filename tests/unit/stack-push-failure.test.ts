import { describe, expect, it } from 'vitest';
import { pushFailure } from '@/scripts/stack/database';

describe('a failed db push, as `npm run stack` reports it', () => {
  it('names the rebuild when a merged migration sorts before the applied ones', () => {
    // what supabase db push prints for a local migration older than the newest remote one
    const cli =
      'Found local migration files to be inserted before the last migration on remote database.\n\n' +
      'Rerun the command with --include-all flag to apply these migrations:\nsupabase/migrations/20261201000000_x.sql\n';
    const message = pushFailure(cli);
    expect(message).toContain('npm run stack -- reset');
    expect(message).toContain(cli);
  });

  it('passes any other failure on as the CLI printed it', () => {
    const cli = 'ERROR: relation "public.nope" does not exist (SQLSTATE 42P01)';
    expect(pushFailure(cli)).toBe(`supabase db push failed:\n${cli}`);
  });
});
