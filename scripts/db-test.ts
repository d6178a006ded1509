import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, projectRoot } from './stack/config';
import { ensurePgtap } from './test/ensure-pgtap';

/**
 * `npm run db:test [-- --db-url <url>] [file.test.sql …]`: the pgTAP suite through Debian's
 * `pg_prove`, the runner `supabase test db` uses, against the local stack or any database.
 *
 * The files assert against the demo seed as committed (ACM-003 is the next ticket, Acme has five
 * members…), so a database that does not hold exactly that seed would be misjudged: it is refused
 * rather than reported as insecure or secure by accident. To test a staging project, load the
 * migrations and supabase/seed.sql into a scratch branch of it and point at that.
 * 00-helpers commits the `tests` schema and the pgtap extension; everything else rolls back.
 */
const testsDir = path.join(projectRoot, 'supabase/tests');
const PG_PROVE_PACKAGE = 'libtap-parser-sourcehandler-pgtap-perl';

/** The seed's demo organizations as supabase/seed.sql leaves them (tests/db/db-test.test.ts checks this against the seed). */
export const seedFingerprint = [
  { id: 'a0000000-0000-4000-8000-000000000001', slug: 'acme', ticket_seq: 2, members: 5 },
  { id: 'b0000000-0000-4000-8000-000000000001', slug: 'globex', ticket_seq: 1, members: 4 },
];

export async function seedMismatch(dbUrl: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const exists = await client.query(`select to_regclass('public.organizations') is not null as ok`);
    if (!exists.rows[0].ok) return 'it has no public.organizations table (are the migrations applied?)';
    const { rows } = await client.query<{ id: string; slug: string; ticket_seq: number; members: number }>(
      `select o.id, o.slug, o.ticket_seq,
              (select count(*)::int from public.organization_members m where m.organization_id = o.id) as members
         from public.organizations o where o.id = any($1::uuid[]) order by o.slug`,
      [seedFingerprint.map((o) => o.id)],
    );
    for (const expected of seedFingerprint) {
      const found = rows.find((r) => r.id === expected.id);
      if (!found) return `the demo organization "${expected.slug}" of supabase/seed.sql is missing`;
      if (found.ticket_seq !== expected.ticket_seq || found.members !== expected.members) {
        return `"${expected.slug}" has ${found.ticket_seq} tickets numbered and ${found.members} members, the seed has ${expected.ticket_seq} and ${expected.members} (the data changed since seeding)`;
      }
    }
    return undefined;
  } finally {
    await client.end();
  }
}

function ensurePgProve() {
  if (spawnSync('pg_prove', ['--version']).status === 0) return;
  const install = spawnSync('apt-get', ['install', '-y', '-qq', PG_PROVE_PACKAGE], { stdio: 'inherit' });
  if (install.status !== 0 || spawnSync('pg_prove', ['--version']).status !== 0) {
    throw new Error(`pg_prove is missing: install Debian's ${PG_PROVE_PACKAGE} (as root: apt-get install ${PG_PROVE_PACKAGE})`);
  }
}

function parseArgs(argv: string[]) {
  const files: string[] = [];
  let dbUrl: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--db-url') dbUrl = argv[++i];
    else files.push(argv[i]!);
  }
  return { dbUrl, files };
}

async function main() {
  const { dbUrl: given, files } = parseArgs(process.argv.slice(2));
  if (given === undefined) ensurePgtap();
  const dbUrl = given ?? loadConfig().db.url;
  const mismatch = await seedMismatch(dbUrl);
  if (mismatch) {
    console.error(
      `db:test refuses this database: ${mismatch}.\nThe pgTAP files assert against supabase/seed.sql as committed; run them on a freshly seeded database (\`npm run stack -- reset\`, or a scratch branch with the migrations and the seed).`,
    );
    process.exit(2);
  }
  ensurePgProve();
  const all = readdirSync(testsDir)
    .filter((f) => f.endsWith('.test.sql'))
    .sort();
  const chosen = files.length === 0 ? all : ['00-helpers.test.sql', ...files.filter((f) => f !== '00-helpers.test.sql')];
  const unknown = chosen.filter((f) => !all.includes(f));
  if (unknown.length > 0) {
    console.error(`no such pgTAP file in supabase/tests: ${unknown.join(', ')}`);
    process.exit(2);
  }
  const result = spawnSync('pg_prove', ['--dbname', dbUrl, ...chosen.map((f) => path.join('supabase/tests', f))], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
