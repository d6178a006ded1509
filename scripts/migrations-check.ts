import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { removeDataset } from '../bench/generate/load';
import { seedDataset } from '../bench/generate';
import { SMOKE_SCALE } from '../bench/smoke-scale';
import { loadConfig, projectRoot } from './stack/config';
import { databaseUrl, reloadPostgrestSchema, withClient } from './stack/database';
import { initialise, pgDirs, start, stop } from './stack/postgres';

/**
 * `npm run migrations:check`: are the new migrations safe to deploy onto a database in use?
 * (issue 16, scenario 9). On the stack's database (a throwaway stack: it is rebuilt):
 *   1. the previous schema: the platform setup and every migration before the new ones, and the
 *      bench generator's data set at smoke scale (some thousand rows per big table);
 *   2. each new migration in its own transaction under `lock_timeout = '5s'`, recording its time,
 *      the tables it locked ACCESS EXCLUSIVE and the tables it rewrote (a changed relfilenode);
 *   3. the bench data removed again, the seed (written for the newest schema) loaded, and the
 *      pgTAP suite (`npm run db:test`) run on the result.
 * A rewrite of a table holding at least --large rows (default 1000) is flagged and fails the run:
 * on a production table it holds an exclusive lock for as long as the copy takes.
 * The new migrations: --since <version>; else those this branch adds (since `git merge-base HEAD
 * main`, or origin/main in a fresh clone); else, on main itself, those since the newest release tag
 * (v*); else the newest --last (default 5). "Previous" is then every migration before them.
 * --own-postgres: on a Postgres of its own (initdb in STACK_DIR, on STACK_DB_PORT, removed after),
 * so `npm test` runs it beside its other checks without a stack (scripts/test/run.ts, with
 * --skip-pgtap: the test run's vitest runs pgTAP on the same migrations).
 */

const { values } = parseArgs({
  options: {
    since: { type: 'string' },
    last: { type: 'string', default: '5' },
    large: { type: 'string', default: '1000' },
    'skip-pgtap': { type: 'boolean' },
    'own-postgres': { type: 'boolean' },
  },
});
const config = loadConfig();
const dir = path.join(projectRoot, 'supabase/migrations');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.sql'))
  .sort();

const git = (...args: string[]) => spawnSync('git', args, { cwd: projectRoot, encoding: 'utf8' }).stdout.trim();

/** Migration files added since a commit (none when it is HEAD). */
function addedSince(commit: string): string[] {
  return git('diff', '--name-only', '--diff-filter=A', commit, '--', 'supabase/migrations')
    .split('\n')
    .filter((f) => f.endsWith('.sql'))
    .map((f) => path.basename(f))
    .sort();
}

function newSince(): { since: string; why: string } {
  if (values.since) return { since: values.since, why: '--since' };
  for (const branch of ['main', 'origin/main']) {
    const base = git('merge-base', 'HEAD', branch);
    const added = base ? addedSince(base) : [];
    if (added.length > 0) return { since: added[0]!.slice(0, 14), why: `added since the merge base with ${branch}` };
  }
  const tag = git('describe', '--tags', '--abbrev=0', '--match', 'v*');
  const sinceTag = tag ? addedSince(tag) : [];
  if (sinceTag.length > 0) return { since: sinceTag[0]!.slice(0, 14), why: `added since ${tag}` };
  const last = Math.max(1, Number(values.last) || 5);
  return { since: files.at(-Math.min(last, files.length))!.slice(0, 14), why: `the newest ${last}` };
}

interface Applied {
  file: string;
  ms: number;
  exclusive: { table: string; rows: number }[];
  rewritten: { table: string; rows: number }[];
}

const TABLES = `select c.oid::regclass::text as name, c.relfilenode::text as node, greatest(c.reltuples, 0)::bigint as rows
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'm') and n.nspname in ('public', 'private')`;

async function main() {
  const { since, why } = newSince();
  const previous = files.filter((f) => f.slice(0, 14) < since);
  const upcoming = files.filter((f) => f.slice(0, 14) >= since);
  console.log(`previous schema: ${previous.length} migrations; new: ${upcoming.length} (from ${since}, ${why})`);
  if (values['own-postgres']) {
    initialise(config);
    start(config);
  }
  await withClient(databaseUrl(config, 'template1'), async (client) => {
    await client.query(`drop database if exists ${config.db.name} with (force)`);
    await client.query(`create database ${config.db.name}`);
  });
  await withClient(config.db.url, async (client) => {
    await client.query(readFileSync(config.paths.platformSql, 'utf8'));
    for (const file of previous) await client.query(readFileSync(path.join(dir, file), 'utf8'));
  });
  const started = performance.now();
  const dataset = await seedDataset(config.db.url, 16, SMOKE_SCALE).catch((error: unknown) => {
    // the generator writes the newest schema: it cannot fill one from before a column it sets
    throw new Error(
      `the bench generator could not fill the previous schema (before ${since}): ${error instanceof Error ? error.message : String(error)}; pass --since <a later version>`,
    );
  });
  console.log(`bench data (smoke scale) loaded in ${((performance.now() - started) / 1000).toFixed(1)}s: ${JSON.stringify(dataset.counts)}`);

  const large = Number(values.large);
  const applied: Applied[] = [];
  await withClient(config.db.url, async (client) => {
    await client.query('analyze');
    for (const file of upcoming) {
      const before = new Map((await client.query<{ name: string; node: string; rows: string }>(TABLES)).rows.map((r) => [r.name, r]));
      const t = performance.now();
      await client.query('begin');
      try {
        await client.query("set local lock_timeout = '5s'");
        await client.query(readFileSync(path.join(dir, file), 'utf8'));
        const { rows: locks } = await client.query<{ name: string }>(
          `select l.relation::regclass::text as name from pg_locks l join pg_class c on c.oid = l.relation
            where l.pid = pg_backend_pid() and l.mode = 'AccessExclusiveLock' and c.relkind in ('r', 'm')`,
        );
        const after = (await client.query<{ name: string; node: string }>(TABLES)).rows;
        await client.query('commit');
        const rowsOf = (name: string) => Number(before.get(name)?.rows ?? 0);
        applied.push({
          file,
          ms: performance.now() - t,
          exclusive: locks.filter((l) => before.has(l.name)).map((l) => ({ table: l.name, rows: rowsOf(l.name) })),
          rewritten: after
            .filter((a) => before.has(a.name) && before.get(a.name)!.node !== a.node)
            .map((a) => ({ table: a.name, rows: rowsOf(a.name) })),
        });
      } catch (error) {
        await client.query('rollback');
        throw new Error(`${file}: ${(error as Error).message}`);
      }
    }
    if (!values['skip-pgtap']) {
      await removeDataset(client);
      // the seed is written for the newest schema; pgTAP asserts against it
      await client.query(readFileSync(config.paths.seedSql, 'utf8'));
    }
  });
  await reloadPostgrestSchema(config).catch(() => undefined);

  let flagged = 0;
  for (const a of applied) {
    const big = a.rewritten.filter((r) => r.rows >= large);
    flagged += big.length;
    const locks = a.exclusive.map((e) => `${e.table} (${e.rows} rows)`).join(', ') || 'none';
    console.log(
      `${big.length ? 'FLAG' : 'ok  '} ${a.file}  ${a.ms.toFixed(0)} ms  exclusive locks: ${locks}${a.rewritten.length ? `  rewrote: ${a.rewritten.map((r) => `${r.table} (${r.rows} rows)`).join(', ')}` : ''}`,
    );
  }
  console.log(`${applied.length} migrations applied onto data under lock_timeout 5s; ${flagged} rewrites of a table of ≥ ${large} rows`);
  if (!values['skip-pgtap']) {
    const pgtap = spawnSync(path.join(projectRoot, 'node_modules/.bin/tsx'), ['scripts/db-test.ts'], {
      cwd: projectRoot,
      stdio: 'inherit',
      env: process.env,
    });
    if (pgtap.status !== 0) {
      console.error('pgTAP failed on the migrated database');
      process.exitCode = 1;
    }
  }
  if (flagged) process.exitCode = 1;
}

async function run() {
  const started = performance.now();
  try {
    await main();
  } finally {
    if (values['own-postgres']) {
      stop(config);
      // the data dir may live outside STACK_DIR (a link to /var/lib when run as root)
      rmSync(pgDirs(config).root, { recursive: true, force: true });
      rmSync(config.dir, { recursive: true, force: true });
    }
    console.log(`migrations:check took ${((performance.now() - started) / 1000).toFixed(0)}s`);
  }
}

run().catch((error: unknown) => {
  console.error(`migrations:check: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
