-- Local-only platform setup: what a hosted Supabase project already has before the first
-- migration runs (API roles, the auth helpers, default grants). Never put this in
-- supabase/migrations: hosted Supabase would reject or duplicate it. Applied once, to a new
-- database (`stack up` on a fresh state dir, `stack reset`), never again: the migrations then
-- narrow these defaults, and re-running it would undo that. A change here reaches an existing
-- stack through `npm run stack -- reset`.

do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
end
$$;

grant anon, authenticated, service_role to authenticator;
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

create schema if not exists extensions;
create schema if not exists auth;
grant usage on schema extensions, auth, public to anon, authenticated, service_role;

-- Same bodies as Supabase's auth helpers: claims come from PostgREST's request.jwt.claims GUC.
create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

-- Like Supabase's, this casts `sub` to uuid, so it fails for Clerk's text ids: the schema keys
-- users by auth.jwt() ->> 'sub' instead.
create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

grant execute on function auth.jwt(), auth.role(), auth.uid() to anon, authenticated, service_role;

-- Hosted projects grant the API roles on everything `postgres` creates in public, as default
-- privileges only (public is empty here). The migrations revoke what the roles must not hold
-- (20261201090000_restrict_api_role_privileges), so no table privilege is granted here.
alter default privileges for role postgres in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on functions to anon, authenticated, service_role;

-- Hosted projects resolve extensions (pgtap included) through this search_path.
do $$
begin
  execute format('alter database %I set search_path = "$user", public, extensions', current_database());
end
$$;
