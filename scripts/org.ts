import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { exportFileName, organizationZip, type OrganizationExport } from '../lib/lifecycle/export-zip';
import { loadConfig } from './stack/config';

const USAGE = `usage:
  npm run org:export -- <slug|uuid> [--out <file.zip>]      one organization's data, a zip of JSON per table
  npm run org:delete -- <slug|uuid> --confirm <slug>         delete the organization and every row carrying its id
  npm run org:erase-visitor -- <visitor uuid>                erase one visitor's personal data (README, "Data lifecycle")

The database is DATABASE_URL (a hosted project's connection string, as the postgres role) or, when
unset, the local stack's (STACK_* settings). Each command runs the same SQL as the dashboard's
actions (private.export_organization_data, private.delete_organization_data,
private.erase_visitor_data), as the operator, without a member's session.`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function organization(db: pg.Client, ref: string) {
  const { rows } = await db.query<{ id: string; slug: string }>(
    `select id, slug from public.organizations where ${UUID.test(ref) ? 'id = $1::uuid' : 'slug = $1'}`,
    [ref],
  );
  if (!rows[0]) throw new Error(`no organization ${ref}`);
  return rows[0];
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { out: { type: 'string' }, confirm: { type: 'string' } },
  });
  const ref = positionals[0];
  if (!command || !ref || !['export', 'delete', 'erase-visitor'].includes(command)) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL || loadConfig().db.url });
  await db.connect();
  try {
    if (command === 'export') {
      const org = await organization(db, ref);
      const { rows } = await db.query<{ doc: OrganizationExport }>('select private.export_organization_data($1) as doc', [org.id]);
      const doc = rows[0]!.doc;
      const out = values.out ?? exportFileName(org.slug);
      writeFileSync(out, organizationZip(doc));
      const count = Object.values(doc).reduce((n, r) => n + r.length, 0);
      console.log(`${out}: ${Object.keys(doc).length} tables, ${count} rows of ${org.slug}`);
    } else if (command === 'delete') {
      const org = await organization(db, ref);
      if (values.confirm !== org.slug) throw new Error(`add --confirm ${org.slug} to delete ${org.slug} and everything it holds`);
      await db.query('select private.delete_organization_data($1)', [org.id]);
      console.log(`deleted ${org.slug} (${org.id})`);
    } else {
      if (!UUID.test(ref)) throw new Error('give the visitor’s id (a uuid)');
      const { rows } = await db.query<{ result: unknown }>('select private.erase_visitor_data($1) as result', [ref]);
      console.log(JSON.stringify(rows[0]!.result));
    }
  } finally {
    await db.end();
  }
}

/** A deliberate refusal (private.refuse) carries PostgREST's error body as its message: print its text. */
function readable(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if ((error as { code?: string }).code !== 'PGRST') return error.message;
  try {
    return (JSON.parse(error.message) as { message: string }).message;
  } catch {
    return error.message;
  }
}

main().catch((error: unknown) => {
  console.error(readable(error));
  process.exitCode = 1;
});
