-- Clerk mode keeps Clerk's organizations in step with ours. Postgres is the source of truth for
-- who belongs where with which role (RLS reads it); Clerk carries identity and the active
-- organization (the o.id claim names a Clerk org id, resolved by private.org_with_role through
-- organizations.clerk_org_id, which is unique and so indexed).
--
-- Every change of an organization or a membership made here writes a row of private.clerk_outbox
-- in the same transaction, so the change and the promise to tell Clerk commit or roll back
-- together. The clerk-webhook / clerk-sync functions drain it: they call Clerk's Backend API
-- with the row's CURRENT state (not the event), so a retry, a reordering or a duplicate converges
-- on what Postgres holds now. A failed call (Clerk 429 / 5xx / network) leaves the row due
-- again later with backoff; nothing is ever half-written on our side, and Clerk catches up.
-- Changes mirrored from Clerk's own webhooks set concierge.clerk_origin, so they are not echoed.
--
-- Local mode has no Clerk: the outbox stays off (private.clerk_sync_state.enabled false) until
-- a Clerk-mode function or `npm run clerk:sync -- --apply` turns it on.

set local lock_timeout = '5s';

create table private.clerk_sync_state (
  singleton boolean primary key default true,
  enabled boolean not null default false,
  enabled_at timestamptz,
  constraint clerk_sync_state_singleton check (singleton)
);
comment on table private.clerk_sync_state is
  'One row: whether organization and membership changes are queued for Clerk (Clerk mode only).';
insert into private.clerk_sync_state default values;
alter table private.clerk_sync_state enable row level security;
revoke all on private.clerk_sync_state from public, anon, authenticated, service_role;

create table private.clerk_outbox (
  id bigint generated always as identity primary key,
  kind text not null,
  organization_id uuid not null,
  user_id text,
  -- the Clerk org of an organization deleted here: its row is gone when the drain runs
  clerk_org_id text,
  version integer not null default 1,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  done_at timestamptz,
  created_at timestamptz not null default now(),
  constraint clerk_outbox_kind check (kind in ('organization', 'membership')),
  constraint clerk_outbox_membership_user check ((kind = 'membership') = (user_id is not null)),
  constraint clerk_outbox_last_error_length check (char_length(last_error) <= 1000)
);
comment on table private.clerk_outbox is
  'Pending calls to Clerk''s Backend API, one open row per organization or membership; drained by the Clerk functions with the current state.';
comment on column private.clerk_outbox.version is
  'Bumped when a new change lands on an open row, so a drain that read older state does not close it.';

-- one open row per subject: later changes fold into it (the drain sends the current state)
create unique index clerk_outbox_open_idx on private.clerk_outbox (kind, organization_id, (coalesce(user_id, '')))
  where done_at is null;
create index clerk_outbox_due_idx on private.clerk_outbox (next_attempt_at) where done_at is null;

alter table private.clerk_outbox enable row level security;
revoke all on private.clerk_outbox from public, anon, authenticated, service_role;

-- Queue one subject (organization, or membership when p_user_id is given) unless the outbox is
-- off or the change came from Clerk itself.
create function private.clerk_enqueue(p_org uuid, p_user_id text, p_clerk_org_id text) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if coalesce(current_setting('concierge.clerk_origin', true), '') = 'clerk'
     or not (select s.enabled from private.clerk_sync_state s) then
    return;
  end if;
  insert into private.clerk_outbox (kind, organization_id, user_id, clerk_org_id)
  values (case when p_user_id is null then 'organization' else 'membership' end, p_org, p_user_id, p_clerk_org_id)
  on conflict (kind, organization_id, (coalesce(user_id, ''))) where done_at is null
  do update set version = private.clerk_outbox.version + 1, next_attempt_at = least(private.clerk_outbox.next_attempt_at, now()),
    clerk_org_id = coalesce(excluded.clerk_org_id, private.clerk_outbox.clerk_org_id);
end
$$;
comment on function private.clerk_enqueue(uuid, text, text) is
  'Queue an organization (p_user_id null) or a membership for the Clerk drain; no-op when the outbox is off or the change came from Clerk.';

create function private.clerk_enqueue_organization() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    if old.clerk_org_id is not null then
      perform private.clerk_enqueue(old.id, null, old.clerk_org_id);
    end if;
    return old;
  end if;
  perform private.clerk_enqueue(new.id, null, null);
  return new;
end
$$;
comment on function private.clerk_enqueue_organization() is
  'AFTER trigger on organizations: a new, renamed or deleted organization is queued for Clerk.';

create function private.clerk_enqueue_membership() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.clerk_enqueue(coalesce(new.organization_id, old.organization_id), coalesce(new.user_id, old.user_id), null);
  return coalesce(new, old);
end
$$;
comment on function private.clerk_enqueue_membership() is
  'AFTER trigger on organization_members: a new, re-roled or removed membership is queued for Clerk.';

create trigger organizations_clerk_enqueue after insert or delete or update of name, slug on public.organizations
  for each row execute function private.clerk_enqueue_organization();
create trigger organization_members_clerk_enqueue after insert or delete or update of role on public.organization_members
  for each row execute function private.clerk_enqueue_membership();

-- Clerk role keys (custom roles in the Clerk dashboard) to ours. Clerk's default roles map too:
-- org:admin is an admin, org:member an agent. Anything else is a viewer (least privilege).
create function private.role_from_clerk(p_role text) returns public.member_role
language sql
immutable
set search_path = ''
as $$
  select case p_role
    when 'org:owner' then 'owner'
    when 'org:admin' then 'admin'
    when 'org:agent' then 'agent'
    when 'org:member' then 'agent'
    else 'viewer'
  end::public.member_role
$$;
comment on function private.role_from_clerk(text) is
  'Clerk role key to member_role: org:owner/admin/agent/viewer one to one, org:member = agent, unknown = viewer.';

-- Claim the due rows (a two-minute lease: a drain that dies leaves them due again), with the
-- current state of their subject. Organizations come first, so a new organization is linked
-- before its memberships are sent.
create function public.clerk_outbox_claim(p_limit integer default 25) returns table (
  id bigint, version integer, kind text, attempts integer, organization_id uuid, user_id text,
  clerk_org_id text, org_exists boolean, org_name text, org_slug text, role public.member_role
)
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  return query
    with due as (
      select b.id from private.clerk_outbox b
      where b.done_at is null and b.next_attempt_at <= now()
      order by (b.kind = 'membership'), b.id
      limit least(greatest(p_limit, 1), 100)
      for update skip locked
    ), claimed as (
      update private.clerk_outbox b
      set attempts = b.attempts + 1, next_attempt_at = now() + interval '2 minutes'
      from due where b.id = due.id
      returning b.*
    )
    select c.id, c.version, c.kind, c.attempts, c.organization_id, c.user_id,
      coalesce(o.clerk_org_id, c.clerk_org_id), o.id is not null, o.name, o.slug, m.role
    from claimed c
    left join public.organizations o on o.id = c.organization_id
    left join public.organization_members m on m.organization_id = c.organization_id and m.user_id = c.user_id
    order by (c.kind = 'membership'), c.id;
end
$$;
comment on function public.clerk_outbox_claim(integer) is
  'Service role (Clerk drain): lease up to p_limit due outbox rows for two minutes, with the organization''s Clerk id, name, slug and the member''s current role (null = not a member).';

-- Done: link a newly created Clerk organization, close the row unless a newer change folded in.
create function public.clerk_outbox_complete(p_id bigint, p_version integer, p_clerk_org_id text default null) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  row_ private.clerk_outbox;
begin
  select * into row_ from private.clerk_outbox b where b.id = p_id for update;
  if not found then
    return;
  end if;
  if p_clerk_org_id is not null and row_.kind = 'organization' then
    perform set_config('concierge.clerk_origin', 'clerk', true);
    update public.organizations set clerk_org_id = p_clerk_org_id
    where id = row_.organization_id and clerk_org_id is null;
    perform set_config('concierge.clerk_origin', '', true);
  end if;
  update private.clerk_outbox b
  set done_at = case when b.version = p_version then now() end,
      next_attempt_at = now(), last_error = null
  where b.id = p_id;
end
$$;
comment on function public.clerk_outbox_complete(bigint, integer, text) is
  'Service role (Clerk drain): the call succeeded; link p_clerk_org_id to the organization, close the row if no newer change arrived.';

-- Failed: due again after p_retry_after seconds (Clerk's Retry-After) or exponential backoff
-- (2^attempts s, at most an hour), whichever is later.
create function public.clerk_outbox_fail(p_id bigint, p_error text, p_retry_after integer default null) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  update private.clerk_outbox b
  set last_error = left(coalesce(p_error, 'unknown error'), 1000),
      next_attempt_at = now() + make_interval(secs => greatest(coalesce(p_retry_after, 0), least(power(2, least(b.attempts, 12)), 3600)))
  where b.id = p_id;
end
$$;
comment on function public.clerk_outbox_fail(bigint, text, integer) is
  'Service role (Clerk drain): the call failed; the row is due again after max(Retry-After, 2^attempts s capped at 1 h).';

-- Mirror of Clerk's organization.* events. A created organization is ours already when its
-- private_metadata names one of ours (we created it) or its id is linked; otherwise it becomes a
-- team organization here. A deleted Clerk organization is unlinked, not deleted: its tickets
-- stay, and no Clerk token can name it any more.
create function private.clerk_mirror_organization(p_type text, p_data jsonb) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_clerk text := p_data ->> 'id';
  v_ours uuid;
  v_name text := left(coalesce(nullif(btrim(p_data ->> 'name'), ''), 'Organization'), 120);
  v_base text;
  v_slug text;
  v_prefix text;
begin
  if p_type = 'organization.deleted' then
    update public.organizations set clerk_org_id = null where clerk_org_id = v_clerk returning id into v_ours;
    return jsonb_build_object('status', 'processed', 'organization_id', v_ours, 'unlinked', v_ours is not null);
  end if;

  select o.id into v_ours from public.organizations o where o.clerk_org_id = v_clerk;
  if v_ours is null and (p_data -> 'private_metadata' ->> 'concierge_org_id') ~ '^[0-9a-f-]{36}$' then
    update public.organizations set clerk_org_id = v_clerk
    where id = (p_data -> 'private_metadata' ->> 'concierge_org_id')::uuid and clerk_org_id is null
    returning id into v_ours;
  end if;
  if v_ours is not null then
    if p_type = 'organization.updated' then
      update public.organizations set name = v_name where id = v_ours and name <> v_name;
    end if;
    return jsonb_build_object('status', 'processed', 'organization_id', v_ours, 'created', false);
  end if;

  v_base := btrim(left(regexp_replace(lower(coalesce(p_data ->> 'slug', v_name)), '[^a-z0-9]+', '-', 'g'), 40), '-');
  if v_base = '' then
    v_base := 'team';
  end if;
  v_slug := v_base;
  if exists (select 1 from public.organizations o where o.slug = v_slug) then
    v_slug := v_base || '-' || left(md5(v_clerk), 6);
  end if;
  v_prefix := upper(left(regexp_replace(v_name, '[^A-Za-z]', '', 'g'), 3));
  if char_length(v_prefix) < 2 then
    v_prefix := 'TKT';
  end if;
  insert into public.organizations (slug, name, kind, ticket_prefix, clerk_org_id)
  values (v_slug, v_name, 'team', v_prefix, v_clerk)
  returning id into v_ours;
  return jsonb_build_object('status', 'processed', 'organization_id', v_ours, 'created', true);
end
$$;
comment on function private.clerk_mirror_organization(text, jsonb) is
  'organization.created/updated/deleted from Clerk: link, create (team), rename or unlink. Returns {status, organization_id, ...}.';

-- Mirror of Clerk's organizationMembership.* events. The membership's organization is mirrored
-- first (Svix does not promise order). The user must be known here (user.created first):
-- otherwise P0002, a 500, and Svix delivers again later. Removing the last owner is refused by
-- our guard; then the row is queued so Clerk gets the owner back (Postgres wins).
create function private.clerk_mirror_membership(p_type text, p_data jsonb) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user text := p_data -> 'public_user_data' ->> 'user_id';
  v_org uuid;
  v_role public.member_role := private.role_from_clerk(p_data ->> 'role');
begin
  if coalesce(v_user, '') !~ '^[A-Za-z0-9_]{1,64}$' or coalesce(jsonb_typeof(p_data -> 'organization'), '') <> 'object' then
    raise exception 'a membership event needs data.organization and data.public_user_data.user_id' using errcode = '22023';
  end if;
  if p_type = 'organizationMembership.deleted' then
    select o.id into v_org from public.organizations o where o.clerk_org_id = p_data -> 'organization' ->> 'id';
    begin
      delete from public.organization_members where organization_id = v_org and user_id = v_user;
    exception when check_violation then
      perform set_config('concierge.clerk_origin', '', true);
      perform private.clerk_enqueue(v_org, v_user, null);
      return jsonb_build_object('status', 'refused', 'organization_id', v_org, 'user_id', v_user, 'reason', 'last_owner');
    end;
    return jsonb_build_object('status', 'processed', 'organization_id', v_org, 'user_id', v_user, 'removed', found);
  end if;

  v_org := (private.clerk_mirror_organization('organization.created', p_data -> 'organization')) ->> 'organization_id';
  if not exists (select 1 from public.users u where u.id = v_user) then
    raise exception 'user % is not synchronized yet', v_user using errcode = 'P0002';
  end if;
  begin
    insert into public.organization_members (organization_id, user_id, role) values (v_org, v_user, v_role)
    on conflict (organization_id, user_id) do update set role = excluded.role
    where public.organization_members.role <> excluded.role;
  exception when check_violation then
    perform set_config('concierge.clerk_origin', '', true);
    perform private.clerk_enqueue(v_org, v_user, null);
    return jsonb_build_object('status', 'refused', 'organization_id', v_org, 'user_id', v_user, 'reason', 'last_owner');
  end;
  return jsonb_build_object('status', 'processed', 'organization_id', v_org, 'user_id', v_user, 'role', v_role);
end
$$;
comment on function private.clerk_mirror_membership(text, jsonb) is
  'organizationMembership.created/updated/deleted from Clerk: upsert or remove the membership with the mapped role.';

-- Mirror of Clerk's organizationInvitation.* events into public.invitations (the invitee then
-- joins through Clerk, which sends organizationMembership.created).
create function private.clerk_mirror_invitation(p_type text, p_data jsonb) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid;
  v_email text := private.normalize_email(p_data ->> 'email_address');
begin
  select o.id into v_org from public.organizations o where o.clerk_org_id = p_data ->> 'organization_id';
  if v_org is null or v_email is null then
    return jsonb_build_object('status', 'ignored', 'reason', 'unknown_organization');
  end if;
  if p_type = 'organizationInvitation.created' then
    insert into public.invitations (organization_id, email, role)
    values (v_org, v_email, private.role_from_clerk(p_data ->> 'role'))
    on conflict (organization_id, email) where status = 'pending' do nothing;
  else
    update public.invitations
    set status = case when p_type = 'organizationInvitation.accepted' then 'accepted' else 'revoked' end::public.invitation_status,
        accepted_at = case when p_type = 'organizationInvitation.accepted' then now() end
    where organization_id = v_org and email = v_email and status = 'pending';
  end if;
  return jsonb_build_object('status', 'processed', 'organization_id', v_org, 'email', v_email);
end
$$;
comment on function private.clerk_mirror_invitation(text, jsonb) is
  'organizationInvitation.created/accepted/revoked from Clerk: the matching pending invitation here.';

-- session.created is Clerk's sign-in event. A user who signs in belonging nowhere (their
-- invitation arrived after the sign-up's assignment ran, e.g. a Clerk invitation mirrored late)
-- accepts the pending invitations to their verified email, as a sign-up does. A member of any
-- organization accepts on /dashboard instead (consent, see require_consent_for_membership).
create function private.clerk_session_created(p_data jsonb) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user public.users;
  orgs jsonb := '[]'::jsonb;
begin
  select * into v_user from public.users u where u.id = p_data ->> 'user_id';
  if not found then
    return jsonb_build_object('status', 'ignored', 'reason', 'unknown_user');
  end if;
  if v_user.email_verified and not exists (select 1 from public.organization_members m where m.user_id = v_user.id) then
    orgs := private.accept_invitations(v_user.id, array[v_user.email]);
  end if;
  return jsonb_build_object('status', 'processed', 'user_id', v_user.id, 'organizations', orgs);
end
$$;
comment on function private.clerk_session_created(jsonb) is
  'session.created (sign-in): a user without any membership accepts their pending invitations. Returns {status, user_id, organizations}.';

-- The service-role entry point for every Clerk webhook event, deduped on the Svix delivery id
-- like public.sync_clerk_user (which it calls for user.*). p_clerk_mode: the caller runs in Clerk
-- mode, so the outbox is turned on from the first delivery.
create function public.sync_clerk_event(p_delivery_id text, p_event jsonb, p_clerk_mode boolean default false) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_type text := p_event ->> 'type';
  v_data jsonb := p_event -> 'data';
  v_result jsonb;
begin
  if p_clerk_mode then
    update private.clerk_sync_state set enabled = true, enabled_at = now() where not enabled;
  end if;
  if v_type in ('user.created', 'user.updated', 'user.deleted') then
    return public.sync_clerk_user(p_delivery_id, p_event);
  end if;
  if p_delivery_id is null or char_length(p_delivery_id) not between 1 and 200 then
    raise exception 'a delivery id (svix-id) is required' using errcode = '22023';
  end if;
  if v_type is null or v_type !~ '^(organization|organizationMembership|organizationInvitation)\.[a-z]+$' and v_type <> 'session.created' then
    raise exception 'unsupported event type %', coalesce(v_type, '(none)') using errcode = '22023';
  end if;
  if coalesce(jsonb_typeof(v_data), '') <> 'object' or coalesce(v_data ->> 'id', '') !~ '^[A-Za-z0-9_]{1,64}$' then
    raise exception 'data.id must be a Clerk id' using errcode = '22023';
  end if;

  insert into private.clerk_webhook_deliveries (svix_id, event_type, user_id)
  values (p_delivery_id, v_type, coalesce(v_data -> 'public_user_data' ->> 'user_id', v_data ->> 'user_id', v_data ->> 'id'))
  on conflict (svix_id) do nothing;
  if not found then
    select d.result into v_result from private.clerk_webhook_deliveries d where d.svix_id = p_delivery_id;
    return v_result || jsonb_build_object('duplicate', true);
  end if;

  -- what Clerk told us is not sent back to Clerk (an invitation accepted at sign-in is ours: it is)
  perform set_config('concierge.clerk_origin', case when v_type = 'session.created' then '' else 'clerk' end, true);
  v_result := case
    when v_type = 'session.created' then private.clerk_session_created(v_data)
    when v_type like 'organizationMembership.%' then private.clerk_mirror_membership(v_type, v_data)
    when v_type like 'organizationInvitation.%' then private.clerk_mirror_invitation(v_type, v_data)
    else private.clerk_mirror_organization(v_type, v_data)
  end;
  perform set_config('concierge.clerk_origin', '', true);

  update private.clerk_webhook_deliveries set result = v_result where svix_id = p_delivery_id;
  return v_result || jsonb_build_object('duplicate', false);
end
$$;
comment on function public.sync_clerk_event(text, jsonb, boolean) is
  'Service role only (clerk-webhook): apply one Clerk event (user.*, organization.*, organizationMembership.*, organizationInvitation.*, session.created) once per Svix delivery id. Errors: 22023 bad event, P0002 user not synchronized yet (retry).';

-- Turn the outbox on and queue every organization and membership (clerk:sync --apply).
create function public.clerk_sync_enable() returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  update private.clerk_sync_state set enabled = true, enabled_at = now() where not enabled;
end
$$;
comment on function public.clerk_sync_enable() is 'Service role: queue organization and membership changes for Clerk from now on.';

revoke all on function
  private.clerk_enqueue(uuid, text, text),
  private.clerk_enqueue_organization(),
  private.clerk_enqueue_membership(),
  private.role_from_clerk(text),
  private.clerk_mirror_organization(text, jsonb),
  private.clerk_mirror_membership(text, jsonb),
  private.clerk_mirror_invitation(text, jsonb),
  private.clerk_session_created(jsonb),
  public.clerk_outbox_claim(integer),
  public.clerk_outbox_complete(bigint, integer, text),
  public.clerk_outbox_fail(bigint, text, integer),
  public.sync_clerk_event(text, jsonb, boolean),
  public.clerk_sync_enable()
  from public, anon, authenticated, service_role;
grant execute on function
  public.clerk_outbox_claim(integer),
  public.clerk_outbox_complete(bigint, integer, text),
  public.clerk_outbox_fail(bigint, text, integer),
  public.sync_clerk_event(text, jsonb, boolean),
  public.clerk_sync_enable()
  to service_role;
