import { loadConfig } from './stack/config';
import { supabaseCli } from './stack/supabase-cli';

/** `npm run db:advisors`: Supabase's security and performance linter against the local database. */
const result = supabaseCli(['db', 'advisors', `--remote=${loadConfig().db.url}`, '--level', 'warn', '--fail-on', 'warn', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
