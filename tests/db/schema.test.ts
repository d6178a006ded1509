import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { committedSchemaFiles, readSchema, schemaDir } from '@/scripts/db-schema';
import { config } from '../helpers/stack';

describe('supabase/schema (the migrated schema, as `npm run db:schema` writes it)', async () => {
  const current = await readSchema(config.db.url);

  it('has one committed file per area, and no other', () => {
    expect(committedSchemaFiles()).toEqual([...current.keys()].sort());
  });

  for (const [file, text] of current) {
    it(`${file} matches the migrations (run \`npm run db:schema\`)`, () => {
      expect(readFileSync(path.join(schemaDir, file), 'utf8')).toBe(text);
    });
  }
});
