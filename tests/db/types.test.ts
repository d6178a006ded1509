import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generateTypes, typesFile } from '@/scripts/gen-types';
import { config } from '../helpers/stack';

it('lib/database.types.ts matches the migrated schema (run `npm run gen:types`)', () => {
  expect(readFileSync(typesFile, 'utf8')).toBe(generateTypes(config.db.url));
});
