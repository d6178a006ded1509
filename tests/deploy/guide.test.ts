import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, supabaseCliBinary } from '@/scripts/stack/config';
import { supabaseCli } from '@/scripts/stack/supabase-cli';
import { config, sql } from '../helpers/stack';

/** The README's "Deploy" steps, as far as they run without the internet. */

const read = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');
const migrations = readdirSync(path.join(projectRoot, 'supabase/migrations'))
  .filter((f) => f.endsWith('.sql'))
  .sort();
const functions = readdirSync(path.join(projectRoot, 'supabase/functions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => d.name);
const fresh = `deploy_guide_${process.pid}`;
const freshUrl = config.db.url.replace(/\/[^/]+$/, `/${fresh}`);

beforeAll(async () => {
  await sql(`drop database if exists ${fresh}`);
  await sql(`create database ${fresh}`);
});

afterAll(async () => {
  await sql(`drop database if exists ${fresh} with (force)`);
});

/** A copy of the project's supabase/config.toml, edited, for the CLI to load. */
function projectWithConfig(edit: (toml: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'deploy-guide-'));
  cpSync(path.join(projectRoot, 'supabase/migrations'), path.join(dir, 'supabase/migrations'), { recursive: true });
  writeFileSync(path.join(dir, 'supabase/config.toml'), edit(read('supabase/config.toml')));
  return dir;
}

const enableClerk = (toml: string) => toml.replace(/(\[auth\.third_party\.clerk\]\nenabled = )false/, '$1true');

describe('deploy guide', () => {
  it('db push --dry-run on a new database lists every migration, in order', () => {
    const result = supabaseCli(['db', 'push', `--remote=${freshUrl}`, '--dry-run']);
    expect(result.status, result.stderr).toBe(0);
    const listed = [...`${result.stdout}\n${result.stderr}`.matchAll(/^ • (\S+\.sql)$/gm)].map((m) => m[1]);
    expect(listed).toEqual(migrations);
  });

  it('the CLI loads config.toml with Clerk third-party auth enabled and CLERK_DOMAIN set, and refuses it without a domain', () => {
    const dir = projectWithConfig(enableClerk);
    expect(readFileSync(path.join(dir, 'supabase/config.toml'), 'utf8')).toContain(
      '[auth.third_party.clerk]\nenabled = true\ndomain = "env(CLERK_DOMAIN)"',
    );
    const run = (clerkDomain: string) =>
      spawnSync(supabaseCliBinary, ['db', 'push', `--remote=${freshUrl}`, '--dry-run', '--workdir', dir], {
        encoding: 'utf8',
        env: { ...process.env, PGSSLMODE: 'disable', SUPABASE_TELEMETRY_DISABLED: '1', CLERK_DOMAIN: clerkDomain },
      });
    const withDomain = run('clerk.example.com');
    expect(withDomain.status, withDomain.stderr).toBe(0);
    const without = run('');
    expect(without.status).not.toBe(0);
    expect(without.stderr).toContain('auth.third_party.clerk has invalid domain');
  });

  it('every function is deployed with verify_jwt = false from config.toml', () => {
    const toml = read('supabase/config.toml');
    for (const name of functions) expect(toml, name).toContain(`[functions.${name}]\nverify_jwt = false`);
  });

  it('the Deploy section names every secret the functions read and every variable the app reads', () => {
    const readme = read('README.md');
    const deploy = readme.slice(readme.indexOf('## Deploy'), readme.indexOf('\n## ', readme.indexOf('## Deploy') + 1));
    const sources = (dir: string): string[] =>
      readdirSync(path.join(projectRoot, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => read(path.join(dir, f)));
    const fromFunctions = sources('supabase/functions').flatMap((src) =>
      [...src.matchAll(/(?:\benv|Deno\.env\.get)\(['`]([A-Z0-9_]+)(\$\{)?/g)].map((m) => (m[2] ? `${m[1]}<NAME>` : m[1]!)),
    );
    const fromApp = sources('lib/env').flatMap((src) => [...src.matchAll(/runtimeEnv\('([A-Z0-9_]+)'\)/g)].map((m) => m[1]!));
    const named = [...new Set([...fromFunctions, ...fromApp])].filter((name) => name !== 'NODE_ENV').sort();
    expect(named.length).toBeGreaterThan(15);
    expect(named.filter((name) => !deploy.includes(`\`${name}\``))).toEqual([]);
  });
});
