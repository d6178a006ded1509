import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, projectRoot } from './stack/config';

/**
 * `npm run db:schema`: what the migrations add up to today, read back from the catalog of a
 * migrated database and written in a stable order, one file per area, so a DB admin reads what
 * a function or policy is now instead of replaying every migration. Generated, never edited;
 * tests/db/schema.test.ts fails when it is stale.
 */
export const schemaDir = path.join(projectRoot, 'supabase/schema');

/** The schemas the migrations own; the platform's (auth, extensions) and extensions' objects are left out. */
const OWN = `n.nspname in ('public', 'private')`;
const NOT_EXTENSION = (oid: string, catalog: string) =>
  `not exists (select from pg_depend d where d.objid = ${oid} and d.classid = '${catalog}'::regclass and d.deptype = 'e')`;

/** Blocks (tables, functions) are set apart by a blank line; one-line statements are not. */
const sections: Record<string, { title: string; sql: string; oneLine?: true }> = {
  '01-types.sql': {
    oneLine: true,
    title: 'Enum types',
    sql: `
      select format('create type %I.%I as enum (%s);', n.nspname, t.typname,
             (select string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid))
      from pg_type t join pg_namespace n on n.oid = t.typnamespace
      where ${OWN} and t.typtype = 'e' and ${NOT_EXTENSION('t.oid', 'pg_type')}
      order by n.nspname, t.typname`,
  },
  '02-tables.sql': {
    title: 'Tables: columns, constraints, indexes, row level security',
    sql: `
      select concat_ws(E'\\n',
        format('create table %I.%I (', n.nspname, c.relname),
        (select string_agg(format('  %I %s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                  case when a.attnotnull then ' not null' else '' end,
                  coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '')), E',\\n' order by a.attnum)
           from pg_attribute a left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
           where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped),
        ');',
        (select string_agg(format('alter table %I.%I add constraint %I %s;', n.nspname, c.relname, co.conname,
                  pg_get_constraintdef(co.oid)), E'\\n' order by co.contype, co.conname)
           from pg_constraint co where co.conrelid = c.oid and co.contype <> 'n'),
        (select string_agg(pg_get_indexdef(i.indexrelid) || ';', E'\\n' order by ic.relname)
           from pg_index i join pg_class ic on ic.oid = i.indexrelid
           where i.indrelid = c.oid
             and not exists (select from pg_constraint co where co.conindid = i.indexrelid and co.conrelid = c.oid)),
        case when c.relrowsecurity then format('alter table %I.%I enable row level security;', n.nspname, c.relname) end,
        case when c.relforcerowsecurity then format('alter table %I.%I force row level security;', n.nspname, c.relname) end,
        (select format('comment on table %I.%I is %L;', n.nspname, c.relname, d.description)
           from pg_description d where d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0)
      ) || E'\\n'
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where ${OWN} and c.relkind in ('r', 'p') and ${NOT_EXTENSION('c.oid', 'pg_class')}
      order by n.nspname, c.relname`,
  },
  '03-views.sql': {
    title: 'Views',
    sql: `
      select format(E'create view %I.%I%s as\\n%s', n.nspname, c.relname,
               case when c.reloptions is not null then ' with (' || array_to_string(c.reloptions, ', ') || ')' else '' end,
               pg_get_viewdef(c.oid, true))
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where ${OWN} and c.relkind in ('v', 'm') and ${NOT_EXTENSION('c.oid', 'pg_class')}
      order by n.nspname, c.relname`,
  },
  '04-functions.sql': {
    title: 'Functions, with their owners (a security definer runs as its owner)',
    sql: `
      select format(E'-- owner: %s\\n%s;', pg_get_userbyid(p.proowner), rtrim(pg_get_functiondef(p.oid), E'\\n'))
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where ${OWN} and p.prokind in ('f', 'p') and ${NOT_EXTENSION('p.oid', 'pg_proc')}
      order by n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)`,
  },
  '05-triggers.sql': {
    oneLine: true,
    title: 'Triggers',
    sql: `
      select pg_get_triggerdef(t.oid, true) || ';'
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where ${OWN} and not t.tgisinternal
      order by n.nspname, c.relname, t.tgname`,
  },
  '06-policies.sql': {
    title: 'Row level security policies (realtime.messages too: the migrations write its policies)',
    sql: `
      select concat(
        format('create policy %I on %I.%I as %s for %s to %s', p.policyname, p.schemaname, p.tablename,
               lower(p.permissive), lower(p.cmd), array_to_string(p.roles, ', ')),
        case when p.qual is not null then E'\\n  using (' || p.qual || ')' end,
        case when p.with_check is not null then E'\\n  with check (' || p.with_check || ')' end,
        ';')
      from pg_policies p
      where p.schemaname in ('public', 'private', 'realtime')
      order by p.schemaname, p.tablename, p.policyname`,
  },
  '07-grants.sql': {
    oneLine: true,
    title: 'Privileges of the API roles and the job roles (tables, columns, functions, schemas, defaults)',
    sql: `
      with grantees as (select oid, rolname from pg_roles where rolname not in ('postgres') and rolname !~ '^pg_'
                        union all select 0, 'public')
      select line from (
        select 1 as k, format('grant %s on table %I.%I to %s;', string_agg(lower(a.privilege_type), ', ' order by a.privilege_type),
                              n.nspname, c.relname, g.rolname) as line, n.nspname as s, c.relname as o, g.rolname as r
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        cross join lateral aclexplode(c.relacl) a join grantees g on g.oid = a.grantee
        where ${OWN} and c.relkind in ('r', 'p', 'v', 'm', 'S')
        group by n.nspname, c.relname, g.rolname
        union all
        select 2, format('grant %s (%s) on table %I.%I to %s;', a.privilege_type, string_agg(quote_ident(att.attname), ', ' order by att.attnum),
                         n.nspname, c.relname, g.rolname), n.nspname, c.relname || a.privilege_type, g.rolname
        from pg_attribute att join pg_class c on c.oid = att.attrelid join pg_namespace n on n.oid = c.relnamespace
        cross join lateral aclexplode(att.attacl) a join grantees g on g.oid = a.grantee
        where ${OWN} and att.attacl is not null
        group by n.nspname, c.relname, a.privilege_type, g.rolname
        union all
        select 3, format('grant execute on function %I.%I(%s) to %s;', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), g.rolname),
               n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid), g.rolname
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        cross join lateral aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a join grantees g on g.oid = a.grantee
        where ${OWN} and ${NOT_EXTENSION('p.oid', 'pg_proc')} and a.privilege_type = 'EXECUTE'
        union all
        select 4, format('grant %s on schema %I to %s;', string_agg(lower(a.privilege_type), ', ' order by a.privilege_type), n.nspname, g.rolname),
               n.nspname, '', g.rolname
        from pg_namespace n cross join lateral aclexplode(n.nspacl) a join grantees g on g.oid = a.grantee
        where ${OWN}
        group by n.nspname, g.rolname
        union all
        select 5, format('alter default privileges for role %s%s grant %s on %s to %s;', pg_get_userbyid(d.defaclrole),
                         coalesce(' in schema ' || quote_ident(n.nspname), ''),
                         string_agg(lower(a.privilege_type), ', ' order by a.privilege_type),
                         case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions'
                              when 'T' then 'types' when 'n' then 'schemas' end, g.rolname),
               coalesce(n.nspname, ''), d.defaclobjtype::text, g.rolname
        from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace
        cross join lateral aclexplode(d.defaclacl) a join grantees g on g.oid = a.grantee
        group by d.defaclrole, n.nspname, d.defaclobjtype, g.rolname
      ) lines
      order by k, s, o, r, line`,
  },
};

export async function readSchema(dbUrl: string): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const files = new Map<string, string>();
    for (const [file, { title, sql, oneLine }] of Object.entries(sections)) {
      const { rows } = await client.query<Record<string, string | null>>(sql);
      const body = rows.map((row) => Object.values(row)[0]).filter((line): line is string => line !== null);
      const text = body.map((b) => b.trimEnd()).join(oneLine ? '\n' : '\n\n');
      files.set(file, `-- ${title}. Generated by \`npm run db:schema\` from the migrated database; do not edit.\n\n${text}\n`);
    }
    return files;
  } finally {
    await client.end();
  }
}

export function writeSchema(files: Map<string, string>) {
  rmSync(schemaDir, { recursive: true, force: true });
  mkdirSync(schemaDir, { recursive: true });
  for (const [file, text] of files) writeFileSync(path.join(schemaDir, file), text);
}

export function committedSchemaFiles(): string[] {
  return readdirSync(schemaDir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = await readSchema(loadConfig().db.url);
  writeSchema(files);
  console.log(`wrote ${[...files.keys()].map((f) => path.join('supabase/schema', f)).join(', ')}`);
}
