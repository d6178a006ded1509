-- Nobody is added to an organization without consent. Until now an admin could insert any
-- existing user into their organization (policy organization_members_insert), and any Clerk
-- user.updated event (every local sign-in) accepted pending invitations on the user's behalf.
-- Now admins only invite; an existing user joins by accepting (public.accept_invitation), and
-- only a sign-up accepts its invitations automatically (signing up at the invitation's address
-- is the consent).

-- This alters tables already in use: wait at most 5s for their lock rather than queue every query behind us.
set local lock_timeout = '5s';

drop policy organization_members_insert on public.organization_members;
revoke insert on public.organization_members from anon, authenticated;

-- Whether the user's primary email is verified (Clerk), so accept_invitation can trust it.
-- pgt-ignore lint/safety/addingFieldWithDefault: a constant default needs no table rewrite since Postgres 11
alter table public.users add column email_verified boolean not null default false;
comment on column public.users.email_verified is 'The primary email was verified by the identity provider; set by the user sync only.';

-- Pending, unexpired invitations to the signed-in user's verified email, with the inviting
-- organization's name (the invitee is not a member yet, so RLS would hide both).
create function public.my_pending_invitations() returns table (
  id uuid, organization_name text, organization_slug text, role public.member_role, expires_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select i.id, o.name, o.slug, i.role, i.expires_at
    from public.users u
    join public.invitations i on i.email = u.email
    join public.organizations o on o.id = i.organization_id
    where u.id = (auth.jwt() ->> 'sub') and u.email_verified
      and i.status = 'pending' and i.expires_at > now()
    order by i.created_at desc
    limit 50;
end
$$;
comment on function public.my_pending_invitations() is
  'The signed-in user''s pending, unexpired invitations (to their verified primary email), for the accept surface on /dashboard.';
revoke all on function public.my_pending_invitations() from public, anon, authenticated;
grant execute on function public.my_pending_invitations() to authenticated;

-- The only way an existing user joins an organization: accept an invitation to their own
-- verified email, while it is pending and unexpired. The role is the invited one (never lowers
-- an existing membership), so who may invite owners is still decided by invitations_insert.
create function public.accept_invitation(p_invitation_id uuid) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user text := auth.jwt() ->> 'sub';
  v_email text;
  inv public.invitations;
  v_role public.member_role;
begin
  select u.email into v_email from public.users u where u.id = v_user and u.email_verified;
  select * into inv from public.invitations i where i.id = p_invitation_id for update;
  -- someone else's invitation is reported as missing: its existence is not the caller's business
  if v_email is null or not found or inv.email <> v_email then
    raise exception 'no invitation for you with this id' using errcode = 'P0002';
  end if;
  if inv.status <> 'pending' then
    raise exception 'the invitation was % and can no longer be accepted', inv.status using errcode = '22023';
  end if;
  if inv.expires_at <= now() then
    raise exception 'the invitation has expired; ask for a new one' using errcode = '22023';
  end if;
  update public.invitations set status = 'accepted', accepted_at = now() where id = inv.id;
  insert into public.organization_members (organization_id, user_id, role)
  values (inv.organization_id, v_user, inv.role)
  on conflict (organization_id, user_id) do update
    set role = greatest(public.organization_members.role, excluded.role)
  returning role into v_role;
  return jsonb_build_object('organization_id', inv.organization_id,
    'slug', (select o.slug from public.organizations o where o.id = inv.organization_id), 'role', v_role);
end
$$;
comment on function public.accept_invitation(uuid) is
  'The signed-in user accepts an invitation to their verified email: membership with the invited role. Returns {organization_id, slug, role}. '
  'Errors: P0002 not theirs or unknown, 22023 revoked/accepted/expired.';
revoke all on function public.accept_invitation(uuid) from public, anon, authenticated;
grant execute on function public.accept_invitation(uuid) to authenticated;

-- The user sync: records whether the primary email is verified, and accepts invitations only
-- at sign-up. A later user.updated (a profile change, a local sign-in) joins nothing: the user
-- accepts on /dashboard.
create or replace function private.clerk_upsert_user(p_type text, p_data jsonb) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_id text := p_data ->> 'id';
  emails jsonb := coalesce(p_data -> 'email_addresses', '[]'::jsonb);
  primary_email jsonb;
  v_email text;
  v_verified text[];
  v_name text;
  v_is_new boolean;
  orgs jsonb := '[]'::jsonb;
begin
  if jsonb_typeof(emails) <> 'array' then
    raise exception 'data.email_addresses must be an array' using errcode = '22023';
  end if;
  select e into primary_email from jsonb_array_elements(emails) e
  where e ->> 'id' = p_data ->> 'primary_email_address_id';
  if primary_email is null then
    primary_email := emails -> 0;
  end if;
  v_email := private.normalize_email(primary_email ->> 'email_address');
  if v_email is null then
    raise exception 'the user has no email address' using errcode = '22023';
  end if;
  select coalesce(array_agg(distinct private.normalize_email(e ->> 'email_address')), '{}') into v_verified
  from jsonb_array_elements(emails) e
  where e -> 'verification' ->> 'status' = 'verified' and nullif(btrim(e ->> 'email_address'), '') is not null;
  v_name := left(nullif(btrim(concat_ws(' ', btrim(p_data ->> 'first_name'), btrim(p_data ->> 'last_name'))), ''), 120);

  insert into public.users as u (id, email, email_verified, name, avatar_url)
  values (v_id, v_email, v_email = any (v_verified), v_name, nullif(btrim(p_data ->> 'image_url'), ''))
  on conflict (id) do update
    set email = excluded.email, email_verified = excluded.email_verified,
        name = coalesce(excluded.name, u.name), avatar_url = coalesce(excluded.avatar_url, u.avatar_url)
  returning (xmax = 0) into v_is_new;

  -- Only a sign-up is assigned: a member removed from every organization stays removed.
  if (v_is_new or p_type = 'user.created')
     and not exists (select 1 from public.organization_members m where m.user_id = v_id) then
    orgs := private.accept_invitations(v_id, v_verified);
    if orgs = '[]'::jsonb then
      orgs := private.assign_new_user(v_id, v_email, v_email = any (v_verified), v_name);
    end if;
  end if;

  return jsonb_build_object('status', 'processed', 'user_id', v_id, 'created', v_is_new, 'organizations',
    (select coalesce(jsonb_agg(x.o || jsonb_build_object('slug', org.slug)), '[]'::jsonb)
     from jsonb_array_elements(orgs) x(o)
     join public.organizations org on org.id = (x.o ->> 'organization_id')::uuid));
end
$$;
