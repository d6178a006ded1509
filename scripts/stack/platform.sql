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

-- Supabase Realtime's database side, as a hosted project has it before the first migration: the
-- realtime.messages table whose RLS policies (written by the migrations) authorize private
-- channels, realtime.topic() for those policies, and realtime.send / realtime.broadcast_changes for
-- database-sent broadcasts. Hosted Realtime reads new rows through logical replication; the local
-- service (scripts/stack/realtime) is told of them by NOTIFY instead.
create schema if not exists realtime;
grant usage on schema realtime to anon, authenticated, service_role;

create table if not exists realtime.messages (
  id uuid primary key default gen_random_uuid(),
  topic text not null,
  extension text not null,
  event text,
  payload jsonb,
  private boolean default false,
  updated_at timestamp without time zone not null default now(),
  inserted_at timestamp without time zone not null default now()
);
create index if not exists messages_inserted_at_topic_index on realtime.messages (inserted_at desc, topic) where extension = 'broadcast' and private is true;
alter table realtime.messages enable row level security;
grant select, insert, update on realtime.messages to anon, authenticated;
grant all on realtime.messages to service_role;

create or replace function realtime.topic() returns text
language sql stable
as $$
  select nullif(current_setting('realtime.topic', true), '')::text
$$;
grant execute on function realtime.topic() to anon, authenticated, service_role;

create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true) returns void
language plpgsql
as $$
begin
  insert into realtime.messages (payload, event, topic, private, extension)
  values (payload, event, topic, private, 'broadcast');
exception when others then
  -- like hosted Realtime's: a failed broadcast never aborts the writing transaction
  raise warning 'ErrorSendingBroadcastMessage: %', sqlerrm;
end;
$$;

create or replace function realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text default 'ROW'
) returns void
language plpgsql
as $$
declare
  row_data jsonb := jsonb_build_object(
    'old_record', case when old is null then null else to_jsonb(old) end,
    'record', case when new is null then null else to_jsonb(new) end,
    'operation', operation, 'table', table_name, 'schema', table_schema);
begin
  if level = 'STATEMENT' then
    row_data := row_data - 'record' - 'old_record';
  end if;
  perform realtime.send(row_data, event_name, topic_name);
end;
$$;

-- Local stand-in for replication: the committed row's id reaches the service at commit.
create or replace function realtime.notify_message() returns trigger
language plpgsql
as $$
begin
  if new.extension = 'broadcast' and new.event is not null then
    perform pg_notify('realtime_messages', new.id::text);
  end if;
  return null;
end;
$$;
drop trigger if exists messages_notify on realtime.messages;
create trigger messages_notify after insert on realtime.messages
  for each row execute function realtime.notify_message();
