-- Users (mirrored from Clerk by server sync), organizations and their memberships.

create table public.users (
  id text primary key,
  email text not null,
  name text,
  avatar_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_id_format check (id ~ '^[A-Za-z0-9_]{1,64}$'),
  constraint users_email_format check (email ~ '^[^@\s]+@[^@\s]+$')
);
comment on table public.users is 'People who can sign in; id is the Clerk user id (sub claim). Written by server sync with the service role.';
comment on column public.users.id is 'Clerk user id such as user_2abc..., equal to auth.jwt() ->> ''sub''.';

create index users_email_idx on public.users (lower(email));

create trigger users_touch_updated_at before update on public.users
  for each row execute function private.touch_updated_at();

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  name text not null,
  kind public.org_kind not null default 'team',
  ticket_prefix text not null default 'TKT',
  ticket_seq integer not null default 0,
  settings jsonb not null default '{}',
  clerk_org_id text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint organizations_slug_format check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$'),
  constraint organizations_name_length check (char_length(name) between 1 and 120),
  constraint organizations_ticket_prefix_format check (ticket_prefix ~ '^[A-Z]{2,5}$'),
  constraint organizations_ticket_seq_positive check (ticket_seq >= 0),
  constraint organizations_settings_object check (jsonb_typeof(settings) = 'object')
);
comment on table public.organizations is 'Tenants. Created by server-side sign-up code (service role); members read, admins edit, owners delete.';
comment on column public.organizations.slug is 'URL name used in /dashboard/[orgSlug]; lower-case letters, digits and dashes.';
comment on column public.organizations.kind is 'personal: created for a lone sign-up; team: shared organization.';
comment on column public.organizations.ticket_prefix is 'Prefix of ticket refs, e.g. ACM in ACM-001.';
comment on column public.organizations.ticket_seq is 'Last allocated ticket number; only the tickets trigger changes it.';
comment on column public.organizations.clerk_org_id is 'Clerk organization id (org_...), matched against the o.id claim; null for local-only orgs.';

create trigger organizations_touch_updated_at before update on public.organizations
  for each row execute function private.touch_updated_at();

create table public.organization_members (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id text not null references public.users (id) on delete cascade,
  role public.member_role not null default 'agent',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);
comment on table public.organization_members is 'Who belongs to which organization, with which role. The database, not the token, decides membership.';

create index organization_members_user_id_idx on public.organization_members (user_id, organization_id);

create trigger organization_members_keep_organization_id before update on public.organization_members
  for each row execute function private.keep_organization_id();
create trigger organization_members_touch_updated_at before update on public.organization_members
  for each row execute function private.touch_updated_at();

-- An organization always keeps at least one owner: removing or demoting the last one fails,
-- unless the organization itself or the user is being deleted (cascades).
create function private.protect_last_owner() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.role <> 'owner' or (tg_op = 'UPDATE' and new.role = 'owner' and new.user_id = old.user_id) then
    return coalesce(new, old);
  end if;
  -- lock the organization so two concurrent demotions cannot both pass
  perform 1 from public.organizations where id = old.organization_id for update;
  if not found then
    return coalesce(new, old); -- organization deleted: cascade
  end if;
  if tg_op = 'DELETE' and not exists (select 1 from public.users where id = old.user_id) then
    return old; -- user deleted: cascade from public.users
  end if;
  if not exists (
    select 1 from public.organization_members m
    where m.organization_id = old.organization_id and m.role = 'owner' and m.user_id <> old.user_id
  ) then
    raise exception 'cannot remove or demote the last owner of organization %', old.organization_id
      using errcode = '23514';
  end if;
  return coalesce(new, old);
end
$$;
comment on function private.protect_last_owner() is 'BEFORE UPDATE/DELETE trigger on organization_members: keeps at least one owner.';
revoke all on function private.protect_last_owner() from public, anon, authenticated;

create trigger organization_members_protect_last_owner before update or delete on public.organization_members
  for each row execute function private.protect_last_owner();
