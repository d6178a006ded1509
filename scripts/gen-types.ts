import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, projectRoot } from './stack/config';
import { supabaseCli } from './stack/supabase-cli';

/** `npm run gen:types`: lib/database.types.ts from the running stack's schema, never by hand. */
export function generateTypes(dbUrl: string): string {
  const result = supabaseCli(['gen', 'types', 'typescript', `--remote=${dbUrl}`, '--schema', 'public']);
  if (result.status !== 0) throw new Error(`supabase gen types failed:\n${result.stderr}`);
  return result.stdout;
}

export const typesFile = path.join(projectRoot, 'lib/database.types.ts');

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(typesFile, generateTypes(loadConfig().db.url));
  console.log(`wrote ${path.relative(projectRoot, typesFile)}`);
}
