import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadConfig, projectRoot } from './stack/config';

/** `npm run db:advisors`: Supabase's security and performance linter against the local database. */
const result = spawnSync(
  path.join(projectRoot, 'node_modules/.bin/supabase'),
  ['db', 'advisors', `--remote=${loadConfig().db.url}`, '--level', 'warn', '--fail-on', 'warn', '--workdir', projectRoot, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, PGSSLMODE: 'disable', SUPABASE_TELEMETRY_DISABLED: '1' } },
);
process.exit(result.status ?? 1);
