import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { seedMismatch } from '@/scripts/db-test';
import { projectRoot } from '@/scripts/stack/config';
import { config } from '../helpers/stack';

/** Runs right after tests/db/pgtap.test.ts (vitest.config.ts), while the database still holds the seed as committed. */
const dbTest = (...args: string[]) =>
  spawnSync(path.join(projectRoot, 'node_modules/.bin/tsx'), ['scripts/db-test.ts', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('npm run db:test (pg_prove, as DB admins run pgTAP)', () => {
  const scratch = `db_test_scratch_${randomBytes(4).toString('hex')}`;
  const admin = () => new pg.Client({ connectionString: config.db.url });

  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`drop database if exists ${scratch}`);
    await client.end();
  });

  it('recognises the freshly seeded database as the seed the files assert against', async () => {
    expect(await seedMismatch(config.db.url)).toBeUndefined();
  });

  it('runs the chosen files through pg_prove and passes', () => {
    const run = dbTest('--db-url', config.db.url, '01-structure.test.sql', '10-tickets.test.sql');
    expect(run.stderr + run.stdout).toMatch(/Files=3, Tests=\d+/);
    expect(run.stdout).toContain('Result: PASS');
    expect(run.status).toBe(0);
  });

  it('refuses a database without the migrations and the seed, naming why', async () => {
    const client = admin();
    await client.connect();
    await client.query(`create database ${scratch}`);
    await client.end();
    const run = dbTest('--db-url', config.db.url.replace(/\/postgres$/, `/${scratch}`));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('db:test refuses this database: it has no public.organizations table');
  });

  it('refuses an unknown file name instead of running nothing', () => {
    const run = dbTest('--db-url', config.db.url, '99-nope.test.sql');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no such pgTAP file in supabase/tests: 99-nope.test.sql');
  });
});
