import { parseArgs } from 'node:util';
import { loadConfig } from '@/scripts/stack/config';
import { ExportError, readExport } from './export-schema';
import { formatReport, runImport } from './run';

/**
 * npm run import:legacy -- <export dir> [--dry-run] [--map <admin accountId>=<organization slug>]… [--json]
 *
 * Connects to DATABASE_URL (a direct Postgres connection as the database owner; the local stack's
 * by default). CHANNEL_TOKEN_KEY, when set, seals exported page tokens; without it they are
 * dropped and the pages wait for a reconnect. Exit 0: everything imported and verified; 1: some
 * organization was refused (the report says why); 2: the export or the arguments are invalid.
 */
const usage = 'usage: npm run import:legacy -- <export dir> [--dry-run] [--map <accountId>=<slug>]... [--json]';

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      map: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new ExportError(usage);
  const map = new Map<string, string>();
  for (const pair of values.map) {
    const [account, slug] = pair.split('=');
    if (!account || !slug) throw new ExportError(`--map ${pair}: expected <accountId>=<slug>`);
    map.set(account, slug);
  }
  const data = await readExport(positionals[0]!);
  const report = await runImport(data, {
    databaseUrl: process.env.DATABASE_URL || loadConfig().db.url,
    dryRun: values['dry-run'],
    map,
    tokenKey: process.env.CHANNEL_TOKEN_KEY || undefined,
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof ExportError ? err.message : err);
  process.exitCode = 2;
});
