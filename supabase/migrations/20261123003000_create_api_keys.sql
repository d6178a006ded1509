-- Organization API keys for external systems (the ingest Edge Function). A key is shown once, at
-- creation; only its sha256 is stored. Admins create, rename, revoke and delete keys of their
-- active organization; nobody else sees them.

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null,
  prefix text not null,
  key_hash text not null unique,
  scopes text[] not null,
  created_by text default (auth.jwt() ->> 'sub'),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by text,
  unique (id, organization_id),
  constraint api_keys_name_length check (char_length(btrim(name)) between 1 and 80),
  constraint api_keys_prefix_format check (prefix ~ '^ck_live_[0-9a-f]{8}$'),
  constraint api_keys_key_hash_format check (key_hash ~ '^[0-9a-f]{64}$'),
  constraint api_keys_scopes_valid check (
    cardinality(scopes) between 1 and 2 and scopes <@ array['ingest:write', 'read']::text[]
  ),
  constraint api_keys_revoked_by check (revoked_by is null or revoked_at is not null)
);
comment on table public.api_keys is
  'API keys of an organization for external systems (ingest API). Only the sha256 of a key is stored; '
  'the key itself is shown once by public.create_api_key. Admins only.';
comment on column public.api_keys.prefix is 'First characters of the key (ck_live_ + 8 hex), shown so people can tell keys apart.';
comment on column public.api_keys.key_hash is
  'Lower-case hex sha256 of the whole key. Globally unique because a key is looked up before its organization is known; '
  'not readable by API clients (column grants).';
comment on column public.api_keys.scopes is 'ingest:write (POST batches to the ingest API) and/or read (look up what a batch stored).';
comment on column public.api_keys.created_by is 'Clerk user id of the creator; no foreign key, kept for audit.';
comment on column public.api_keys.last_used_at is 'Last successful use, updated at most once a minute per key.';
comment on column public.api_keys.revoked_at is 'Set once, to the time of revocation (trigger); a revoked key stops working at once and cannot be restored.';
comment on column public.api_keys.revoked_by is 'Clerk user id that revoked the key (trigger); kept for audit.';

create index api_keys_organization_id_created_at_idx on public.api_keys (organization_id, created_at desc);

create trigger api_keys_keep_organization_id before update on public.api_keys
  for each row execute function private.keep_organization_id();

-- Revocation is one-way and stamped by the database, whatever time the client sent.
create function private.stamp_api_key_revocation() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.revoked_at is not null then
    if new.revoked_at is distinct from old.revoked_at or new.revoked_by is distinct from old.revoked_by then
      raise exception 'a revoked API key cannot be restored' using errcode = '55000';
    end if;
  elsif new.revoked_at is not null then
    new.revoked_at := now();
    new.revoked_by := (select auth.jwt() ->> 'sub');
  else
    new.revoked_by := null;
  end if;
  return new;
end
$$;
comment on function private.stamp_api_key_revocation() is
  'BEFORE UPDATE trigger on api_keys: revoked_at becomes now() and revoked_by the caller; a revoked key stays revoked.';
revoke all on function private.stamp_api_key_revocation() from public, anon, authenticated;

create trigger api_keys_stamp_revocation before update on public.api_keys
  for each row execute function private.stamp_api_key_revocation();

-- Clients never insert directly (public.create_api_key makes the secret), never read hashes,
-- and edit only the name and the revocation.
revoke all on public.api_keys from anon;
revoke insert, update, select on public.api_keys from authenticated;
grant select (id, organization_id, name, prefix, scopes, created_by, created_at, last_used_at, revoked_at, revoked_by)
  on public.api_keys to authenticated;
grant update (name, revoked_at) on public.api_keys to authenticated;

alter table public.api_keys enable row level security;

-- select(api_keys): admins list their active org's keys
create policy api_keys_select on public.api_keys for select to authenticated
using (organization_id = (select private.org_with_role('admin')));

-- update(api_keys): admins rename or revoke their active org's keys
create policy api_keys_update on public.api_keys for update to authenticated
using (organization_id = (select private.org_with_role('admin')))
with check (organization_id = (select private.org_with_role('admin')));

-- delete(api_keys): admins delete their active org's keys
create policy api_keys_delete on public.api_keys for delete to authenticated
using (organization_id = (select private.org_with_role('admin')));

-- Create a key in the caller's active organization (admins); the only time the key is visible.
create function public.create_api_key(p_name text, p_scopes text[]) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  org uuid := private.org_with_role('admin');
  secret text;
  scopes text[];
  k public.api_keys;
begin
  if org is null then
    raise exception 'only admins of the active organization can create API keys' using errcode = '42501';
  end if;
  if p_name is null or char_length(btrim(p_name)) not between 1 and 80 then
    raise exception 'name must be 1 to 80 characters' using errcode = '22023';
  end if;
  select coalesce(array_agg(distinct s order by s), '{}') into scopes from unnest(p_scopes) s;
  if cardinality(scopes) = 0 or not scopes <@ array['ingest:write', 'read']::text[] then
    raise exception 'scopes must be a non-empty subset of {ingest:write, read}' using errcode = '22023';
  end if;
  -- keep the table (and a leaked admin session) from growing keys without bound
  perform 1 from public.organizations where id = org for update;
  if (select count(*) from public.api_keys where organization_id = org and revoked_at is null) >= 50 then
    raise exception 'an organization has at most 50 active API keys' using errcode = '54000';
  end if;

  secret := 'ck_live_' || encode(extensions.gen_random_bytes(24), 'hex');
  insert into public.api_keys (organization_id, name, prefix, key_hash, scopes)
  values (org, btrim(p_name), left(secret, 16), encode(sha256(convert_to(secret, 'UTF8')), 'hex'), scopes)
  returning * into k;
  return jsonb_build_object('id', k.id, 'name', k.name, 'prefix', k.prefix, 'scopes', to_jsonb(k.scopes),
    'created_at', k.created_at, 'key', secret);
end
$$;
comment on function public.create_api_key(text, text[]) is
  'Admins: create an API key (ck_live_ + 48 hex) in the active organization. Returns {id, name, prefix, scopes, created_at, key}; '
  'the key is never retrievable again. Errors: 42501 not an admin, 22023 bad name or scopes, 54000 50 active keys already.';

-- The live key for a presented secret, or null (no error: callers decide 401 vs 403).
-- PL/pgSQL so that its plan is cached: the ingest policies call it once per statement.
create function private.api_key_lookup(p_key text) returns public.api_keys
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  k public.api_keys;
begin
  if p_key is null or p_key !~ '^ck_live_[0-9a-f]{48}$' then
    return null;
  end if;
  select * into k from public.api_keys a
  where a.key_hash = encode(sha256(convert_to(p_key, 'UTF8')), 'hex') and a.revoked_at is null;
  return k;
end
$$;
comment on function private.api_key_lookup(text) is 'The unrevoked api_keys row whose hash matches p_key, else null.';

-- Authenticate a presented key for one scope: 28000 unknown/revoked, 42501 scope missing.
create function private.api_key_authenticate(p_key text, p_scope text) returns public.api_keys
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  k public.api_keys := private.api_key_lookup(p_key);
begin
  if k.id is null then
    raise exception 'invalid or revoked API key' using errcode = '28000';
  end if;
  if not p_scope = any (k.scopes) then
    raise exception 'this API key lacks the % scope', p_scope using errcode = '42501';
  end if;
  -- throttled: a busy integration need not rewrite the key row on every request
  if k.last_used_at is null or k.last_used_at < now() - interval '1 minute' then
    update public.api_keys set last_used_at = now() where id = k.id;
  end if;
  return k;
end
$$;
comment on function private.api_key_authenticate(text, text) is
  'Checks a presented API key and scope for the ingest functions, bumping last_used_at at most once a minute. '
  'Raises 28000 (unknown, malformed or revoked) or 42501 (scope missing); messages never contain the key.';

revoke all on function public.create_api_key(text, text[]), private.api_key_lookup(text),
  private.api_key_authenticate(text, text)
  from public, anon, authenticated, service_role;
grant execute on function public.create_api_key(text, text[]) to authenticated;
