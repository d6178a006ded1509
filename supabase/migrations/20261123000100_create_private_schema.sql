-- Private schema for RLS helpers and trigger functions (never exposed through the API),
-- function privileges revoked by default, and the enums every later migration uses.

create schema if not exists private;
comment on schema private is 'RLS helpers and trigger functions; not exposed through PostgREST.';
revoke all on schema private from public, anon;
grant usage on schema private to authenticated, service_role;

-- Functions are not executable by the API roles unless a migration grants them one at a time.
-- The global default grants execute to PUBLIC, so revoke that too (for functions created by
-- the migration role from now on, in any schema).
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon, authenticated;
alter default privileges in schema private revoke execute on functions from public, anon, authenticated;

create type public.member_role as enum ('viewer', 'agent', 'admin', 'owner');
comment on type public.member_role is 'Ordered: viewer < agent < admin < owner, so role >= ''agent'' works.';
create type public.org_kind as enum ('personal', 'team');
create type public.sender_type as enum ('visitor', 'ai', 'agent', 'system');
create type public.conversation_status as enum ('open', 'pending', 'closed');
create type public.ticket_status as enum ('open', 'pending', 'resolved', 'closed');
create type public.ticket_priority as enum ('low', 'normal', 'high', 'urgent');
create type public.invitation_status as enum ('pending', 'accepted', 'revoked', 'expired');

-- Shared trigger: a tenant row never moves between organizations.
create function private.keep_organization_id() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.organization_id is distinct from old.organization_id then
    raise exception 'organization_id of %.% cannot change', tg_table_schema, tg_table_name
      using errcode = '42501';
  end if;
  return new;
end
$$;
comment on function private.keep_organization_id() is
  'BEFORE UPDATE trigger on every tenant table: organization_id is fixed at insert.';

-- Shared trigger: keep updated_at current on edited tables.
create function private.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
comment on function private.touch_updated_at() is 'BEFORE UPDATE trigger: sets updated_at = now().';

revoke all on function private.keep_organization_id(), private.touch_updated_at()
  from public, anon, authenticated;
