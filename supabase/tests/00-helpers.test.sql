-- Test helpers, committed outside the test transaction so every later file can use them.
-- Idempotent: safe to run on every `supabase test db`.
-- In `extensions`, as on hosted Supabase (the advisors flag extensions in public).
create extension if not exists pgtap with schema extensions;
create schema if not exists tests;
grant usage on schema tests to anon, authenticated;

-- Migrations revoke execute on new functions from PUBLIC by default; the pgTAP functions must
-- stay callable after a test switches to anon/authenticated.
do $$
declare
  fn regprocedure;
begin
  for fn in
    select p.oid::regprocedure
    from pg_catalog.pg_proc p
    join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e'
    join pg_catalog.pg_extension e on e.oid = d.refobjid and e.extname = 'pgtap'
  loop
    execute format('grant execute on function %s to anon, authenticated', fn);
  end loop;
  execute format('grant usage on schema %I to anon, authenticated',
    (select n.nspname from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace where e.extname = 'pgtap'));
end
$$;

-- Act as a signed-in user with raw claims (e.g. to forge o.rol).
create or replace function tests.authenticate_as_claims(claims jsonb) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform pg_catalog.set_config('role', 'none', true);
  perform pg_catalog.set_config('request.jwt.claims', claims::text, true);
  perform pg_catalog.set_config('role', 'authenticated', true);
end
$$;

-- Act as a signed-in Clerk user whose session token names org_id as the active organization
-- (o = {id, rol, slg}, rol and slg as Clerk would put them; the database ignores rol).
create or replace function tests.authenticate_as(user_id text, org_id uuid default null) returns void
language plpgsql
set search_path = ''
as $$
declare
  claims jsonb;
  org_role text;
  org_slug text;
begin
  perform pg_catalog.set_config('role', 'none', true);
  claims := pg_catalog.jsonb_build_object('sub', user_id, 'role', 'authenticated',
    'iat', extract(epoch from pg_catalog.now())::bigint, 'exp', extract(epoch from pg_catalog.now())::bigint + 60);
  if org_id is not null then
    select o.slug, m.role::text into org_slug, org_role
    from public.organizations o
    left join public.organization_members m on m.organization_id = o.id and m.user_id = authenticate_as.user_id
    where o.id = org_id;
    claims := claims || pg_catalog.jsonb_build_object('o',
      pg_catalog.jsonb_build_object('id', org_id::text, 'rol', coalesce(org_role, 'member'), 'slg', org_slug));
  end if;
  perform pg_catalog.set_config('request.jwt.claims', claims::text, true);
  perform pg_catalog.set_config('role', 'authenticated', true);
end
$$;

-- Act as the anonymous API role (no user).
create or replace function tests.authenticate_as_anon() returns void
language plpgsql
set search_path = ''
as $$
begin
  perform pg_catalog.set_config('role', 'none', true);
  perform pg_catalog.set_config('request.jwt.claims', '{"role": "anon"}', true);
  perform pg_catalog.set_config('role', 'anon', true);
end
$$;

-- Back to the session user (postgres), no claims.
create or replace function tests.clear_authentication() returns void
language plpgsql
set search_path = ''
as $$
begin
  perform pg_catalog.set_config('role', 'none', true);
  perform pg_catalog.set_config('request.jwt.claims', '', true);
end
$$;

-- Rows affected by one insert/update/delete (a refused RLS update or delete affects 0 rows).
create or replace function tests.row_count(statement text) returns bigint
language plpgsql
set search_path = ''
as $$
declare
  n bigint;
begin
  execute statement;
  get diagnostics n = row_count;
  return n;
end
$$;

-- The plan of a query, run as the current role (so RLS policies are part of it).
create or replace function tests.explain_json(query text, with_analyze boolean default false) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  plan jsonb;
begin
  execute format('explain (format json, analyze %s, costs off) %s', case when with_analyze then 'true' else 'false' end, query) into plan;
  return plan;
end
$$;

grant execute on function tests.explain_json(text, boolean), tests.row_count(text), tests.authenticate_as_claims(jsonb), tests.authenticate_as(text, uuid),
  tests.authenticate_as_anon(), tests.clear_authentication() to anon, authenticated;

-- Isolation matrix for one Acme-owned row of a tenant table: 30 pgTAP assertions.
--   outsiders (Globex owner; Globex owner claiming Acme; the consultant with Globex active;
--   a non-member claiming Acme; anon) x select/insert/update/delete are refused,
--   members below the required role are refused, the seed row is unchanged, and members
--   with the required role succeed (positive controls; on a table without UPDATE privilege
--   for authenticated, e.g. the append-only messages, every update is refused instead).
-- row_key / new_key: where clauses naming the seed row and the row insert_sql creates.
-- outsider_filter: rows an outsider may legitimately see (e.g. their own membership) excluded.
-- owner_scoped: rows private to the member who wrote them (chat sessions, saved contacts): the
--   seed row belongs to the insert_role's Acme user, who reads it, while colleagues (a viewer, the
--   consultant with Acme active) must NOT (31 assertions instead of 30).
-- (the drop: the signature without owner_scoped, left by an earlier run, would make every call ambiguous)
do $$
begin
  if to_regprocedure('tests.rls_matrix(text, text, text, text, text, public.member_role, public.member_role, public.member_role, text)') is not null then
    drop function tests.rls_matrix(text, text, text, text, text, public.member_role, public.member_role, public.member_role, text);
  end if;
end
$$;
create or replace function tests.rls_matrix(
  tbl text, row_key text, insert_sql text, new_key text, update_set text,
  insert_role public.member_role default 'agent', update_role public.member_role default 'agent',
  delete_role public.member_role default 'agent', outsider_filter text default 'true',
  owner_scoped boolean default false
) returns setof text
language plpgsql
set search_path from current
as $$
declare
  acme constant uuid := 'a0000000-0000-4000-8000-000000000001';
  globex constant uuid := 'b0000000-0000-4000-8000-000000000001';
  short text := split_part(tbl, '.', 2);
  rls_msg text := format('new row violates row-level security policy for table "%s"', split_part(tbl, '.', 2));
  acme_user jsonb := '{"viewer": "user_acme_viewer", "agent": "user_acme_agent", "admin": "user_acme_admin", "owner": "user_acme_owner"}';
  below jsonb := '{"agent": "viewer", "admin": "agent", "owner": "admin"}';
  upd text := format('with u as (update %s set %s where %s returning 1) select count(*) from u', tbl, update_set, row_key);
  del text := format('with d as (delete from %s where %s returning 1) select count(*) from d', tbl, row_key);
  outsider record;
  who text;
  n bigint;
  before_hash text;
  after_hash text;
begin
  perform tests.clear_authentication();
  execute format('select md5(t::text) from %s t where %s', tbl, row_key) into before_hash;
  if before_hash is null then
    raise exception 'rls_matrix(%): seed row % not found', tbl, row_key;
  end if;

  for outsider in
    select * from (values
      ('user_globex_owner', globex, 'a Globex owner'),
      ('user_globex_owner', acme, 'a Globex owner whose token claims Acme'),
      ('user_consultant', globex, 'the consultant with Globex active'),
      ('user_nobody', acme, 'a non-member whose token claims Acme'),
      (null, null, 'anon')) v(user_id, org_id, label)
  loop
    if outsider.user_id is null then
      perform tests.authenticate_as_anon();
    else
      perform tests.authenticate_as(outsider.user_id, outsider.org_id);
    end if;
    -- a role without the table privilege (anon) is refused before RLS is consulted
    if has_any_column_privilege(current_user, tbl, 'SELECT') then
      return next is_empty(format('select 1 from %s where organization_id = %L and (%s)', tbl, acme, outsider_filter),
        format('%s: %s sees no Acme rows', short, outsider.label));
    else
      return next throws_ok(format('select 1 from %s', tbl), '42501', null, format('%s: %s has no select privilege', short, outsider.label));
    end if;
    return next throws_ok(insert_sql, '42501', case when has_any_column_privilege(current_user, tbl, 'INSERT') then rls_msg end,
      format('%s: %s cannot insert an Acme row', short, outsider.label));
    if has_any_column_privilege(current_user, tbl, 'UPDATE') then
      execute upd into n;
      return next is(n, 0::bigint, format('%s: %s updates no Acme row', short, outsider.label));
    else
      return next throws_ok(upd, '42501', null, format('%s: %s has no update privilege', short, outsider.label));
    end if;
    if has_table_privilege(current_user, tbl, 'DELETE') then
      execute del into n;
      return next is(n, 0::bigint, format('%s: %s deletes no Acme row', short, outsider.label));
    else
      return next throws_ok(del, '42501', null, format('%s: %s has no delete privilege', short, outsider.label));
    end if;
  end loop;

  if owner_scoped then
    -- private rows: their owner reads them, colleagues (a viewer, the consultant) do not
    perform tests.authenticate_as(acme_user ->> insert_role::text, acme);
    return next isnt_empty(format('select 1 from %s where %s', tbl, row_key), format('%s: its Acme owner reads the row', short));
    perform tests.authenticate_as('user_acme_viewer', acme);
    return next is_empty(format('select 1 from %s where %s', tbl, row_key), format('%s: an Acme viewer does not read a colleague''s row', short));
    perform tests.authenticate_as('user_consultant', acme);
    return next is_empty(format('select 1 from %s where %s', tbl, row_key), format('%s: the consultant with Acme active does not read it either', short));
  else
    -- members: viewers read; the dual-org consultant reads Acme rows with Acme active
    perform tests.authenticate_as('user_acme_viewer', acme);
    return next isnt_empty(format('select 1 from %s where %s', tbl, row_key), format('%s: an Acme viewer reads the row', short));
    perform tests.authenticate_as('user_consultant', acme);
    return next isnt_empty(format('select 1 from %s where %s', tbl, row_key), format('%s: the consultant with Acme active reads the row', short));
  end if;

  -- members below the required role
  who := acme_user ->> (below ->> insert_role::text);
  perform tests.authenticate_as(who, acme);
  return next throws_ok(insert_sql, '42501', rls_msg, format('%s: an Acme %s cannot insert', short, below ->> insert_role::text));
  who := acme_user ->> (below ->> update_role::text);
  perform tests.authenticate_as(who, acme);
  if has_any_column_privilege(current_user, tbl, 'UPDATE') then
    execute upd into n;
    return next is(n, 0::bigint, format('%s: an Acme %s updates nothing', short, below ->> update_role::text));
  else
    return next throws_ok(upd, '42501', null, format('%s: an Acme %s has no update privilege', short, below ->> update_role::text));
  end if;
  who := acme_user ->> (below ->> delete_role::text);
  perform tests.authenticate_as(who, acme);
  execute del into n;
  return next is(n, 0::bigint, format('%s: an Acme %s deletes nothing', short, below ->> delete_role::text));

  perform tests.clear_authentication();
  execute format('select md5(t::text) from %s t where %s', tbl, row_key) into after_hash;
  return next is(after_hash, before_hash, format('%s: the Acme row is unchanged after every refused write', short));

  -- positive controls
  perform tests.authenticate_as(acme_user ->> insert_role::text, acme);
  return next lives_ok(insert_sql, format('%s: an Acme %s inserts', short, insert_role));
  return next isnt_empty(format('select 1 from %s where %s', tbl, new_key), format('%s: and reads the new row back', short));
  perform tests.authenticate_as(acme_user ->> update_role::text, acme);
  if has_any_column_privilege(current_user, tbl, 'UPDATE') then
    execute upd into n;
    return next is(n, 1::bigint, format('%s: an Acme %s updates the row', short, update_role));
  else
    -- an append-only table (messages): nobody updates, whatever their role
    return next throws_ok(upd, '42501', null, format('%s: not even an Acme %s updates (append-only)', short, update_role));
  end if;
  perform tests.authenticate_as(acme_user ->> delete_role::text, acme);
  execute format('with d as (delete from %s where %s returning 1) select count(*) from d', tbl, new_key) into n;
  return next is(n, 1::bigint, format('%s: an Acme %s deletes a row', short, delete_role));
  perform tests.clear_authentication();
end
$$;
grant execute on function tests.rls_matrix(text, text, text, text, text, public.member_role, public.member_role, public.member_role, text, boolean)
  to anon, authenticated;

begin;
select plan(8);
select has_function('tests', 'authenticate_as', array['text', 'uuid'], 'tests.authenticate_as(user_id, org_id) exists');
select has_function('tests', 'authenticate_as_claims', array['jsonb'], 'tests.authenticate_as_claims(claims) exists');
select has_function('tests', 'authenticate_as_anon', 'tests.authenticate_as_anon() exists');
select has_function('tests', 'clear_authentication', 'tests.clear_authentication() exists');
select has_function('tests', 'explain_json', array['text', 'boolean'], 'tests.explain_json(query, with_analyze) exists');
select has_function('tests', 'row_count', array['text'], 'tests.row_count(statement) exists');
select has_function('tests', 'rls_matrix', 'tests.rls_matrix(...) exists');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(
  concat_ws(' ', auth.jwt() ->> 'sub', auth.jwt() -> 'o' ->> 'id', auth.jwt() -> 'o' ->> 'rol', current_user),
  'user_acme_agent a0000000-0000-4000-8000-000000000001 agent authenticated',
  'authenticate_as sets a Clerk-shaped claim set and the authenticated role');
select * from finish();
rollback;
