-- Sign-up and user sync: the one place where users are created, assigned to an organization,
-- accept invitations and are deleted. The Clerk webhook Edge Function calls it (service role)
-- for Clerk's user.created / user.updated / user.deleted events; the local identity provider
-- sends the same Svix-signed events to the same function, so both run this code.
--
-- Assignment order for a new user: every pending invitation to one of their verified emails;
-- else the organization that claims their verified primary email's domain (only if exactly one
-- does: a second claimant must not capture another company's sign-ups); else the configured
-- default organization (settings.default_org = true, as a viewer); else a new personal
-- organization that they own.

-- Accept the pending, unexpired invitations to any of the user's verified emails.
create function private.accept_invitations(p_user_id text, p_verified_emails text[]) returns jsonb
language sql
volatile
security definer
set search_path = ''
as $$
  with accepted as (
    update public.invitations i
    set status = 'accepted', accepted_at = now()
    where i.status = 'pending' and i.expires_at > now() and i.email = any (p_verified_emails)
    returning i.organization_id, i.role
  ), joined as (
    insert into public.organization_members (organization_id, user_id, role)
    select a.organization_id, p_user_id, max(a.role) from accepted a group by a.organization_id
    -- an invitation never lowers an existing member's role
    on conflict (organization_id, user_id) do update
      set role = greatest(public.organization_members.role, excluded.role)
    returning organization_id, role
  )
  select coalesce(jsonb_agg(jsonb_build_object('organization_id', j.organization_id, 'role', j.role, 'via', 'invitation')), '[]'::jsonb)
  from joined j
$$;
comment on function private.accept_invitations(text, text[]) is
  'Accept every pending, unexpired invitation to one of the verified emails: membership with the invited role (never a lower one). Returns [{organization_id, role, via}].';

-- A new personal organization owned by the user: slug from their name, ticket prefix from its letters.
create function private.create_personal_org(p_user_id text, p_name text, p_email text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  display text := coalesce(p_name, split_part(p_email, '@', 1));
  base text := btrim(left(regexp_replace(lower(display), '[^a-z0-9]+', '-', 'g'), 30), '-');
  prefix text := upper(left(regexp_replace(display, '[^A-Za-z]', '', 'g'), 3));
  v_slug text;
  n integer := 0;
  org uuid;
begin
  if base = '' then
    base := 'workspace';
  end if;
  if char_length(prefix) < 2 then
    prefix := 'TKT';
  end if;
  -- deterministic per user; a clash (two users with one name and hash prefix) adds a counter
  v_slug := base || '-' || left(md5(p_user_id), 6);
  while exists (select 1 from public.organizations o where o.slug = v_slug) loop
    n := n + 1;
    v_slug := base || '-' || left(md5(p_user_id), 6) || '-' || n;
  end loop;
  insert into public.organizations (slug, name, kind, ticket_prefix)
  values (v_slug, left(display, 100) || '''s workspace', 'personal', prefix)
  returning id into org;
  insert into public.organization_members (organization_id, user_id, role) values (org, p_user_id, 'owner');
  return jsonb_build_object('organization_id', org, 'role', 'owner', 'via', 'personal');
end
$$;
comment on function private.create_personal_org(text, text, text) is
  'Create a personal organization (kind personal) owned by the user, slug <name>-<hash of user id>. Returns {organization_id, role, via}.';

-- The assignment for a user who belongs nowhere yet: domain, else default org, else personal.
create function private.assign_new_user(p_user_id text, p_email text, p_email_verified boolean, p_name text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  org uuid;
  org_role public.member_role;
begin
  if p_email_verified then
    select d.organization_id, d.role into org, org_role
    from public.organization_domains d
    where d.domain = split_part(p_email, '@', 2)
      and (select count(*) from public.organization_domains x where x.domain = d.domain) = 1;
    if found then
      insert into public.organization_members (organization_id, user_id, role) values (org, p_user_id, org_role);
      return jsonb_build_array(jsonb_build_object('organization_id', org, 'role', org_role, 'via', 'domain'));
    end if;
  end if;

  select o.id into org from public.organizations o
  where o.settings @> '{"default_org": true}' order by o.created_at, o.id limit 1;
  if found then
    -- least privilege: an admin promotes them if they should work tickets
    insert into public.organization_members (organization_id, user_id, role) values (org, p_user_id, 'viewer');
    return jsonb_build_array(jsonb_build_object('organization_id', org, 'role', 'viewer', 'via', 'default'));
  end if;

  return jsonb_build_array(private.create_personal_org(p_user_id, p_name, p_email));
end
$$;
comment on function private.assign_new_user(text, text, boolean, text) is
  'Put a user without memberships into one organization: verified email domain (claimed by exactly one org), else the default org as viewer, else a new personal org.';

-- user.created / user.updated: mirror the user, accept invitations, assign a new user.
create function private.clerk_upsert_user(p_type text, p_data jsonb) returns jsonb
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
  orgs jsonb;
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

  insert into public.users as u (id, email, name, avatar_url)
  values (v_id, v_email, v_name, nullif(btrim(p_data ->> 'image_url'), ''))
  on conflict (id) do update
    set email = excluded.email, name = coalesce(excluded.name, u.name), avatar_url = coalesce(excluded.avatar_url, u.avatar_url)
  returning (xmax = 0) into v_is_new;

  orgs := private.accept_invitations(v_id, v_verified);
  -- Only a sign-up is assigned: a member removed from every organization stays removed.
  if (v_is_new or p_type = 'user.created')
     and not exists (select 1 from public.organization_members m where m.user_id = v_id) then
    orgs := orgs || private.assign_new_user(v_id, v_email, v_email = any (v_verified), v_name);
  end if;

  return jsonb_build_object('status', 'processed', 'user_id', v_id, 'created', v_is_new, 'organizations',
    (select coalesce(jsonb_agg(x.o || jsonb_build_object('slug', org.slug)), '[]'::jsonb)
     from jsonb_array_elements(orgs) x(o)
     join public.organizations org on org.id = (x.o ->> 'organization_id')::uuid));
end
$$;
comment on function private.clerk_upsert_user(text, jsonb) is
  'user.created/user.updated: upsert public.users from Clerk''s user object, accept invitations, assign a new user. Returns {status, user_id, created, organizations}.';

-- The service-role entry point, idempotent on the Svix delivery id.
create function public.sync_clerk_user(p_delivery_id text, p_event jsonb) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_type text := p_event ->> 'type';
  v_user_id text := p_event -> 'data' ->> 'id';
  v_result jsonb;
begin
  if p_delivery_id is null or char_length(p_delivery_id) not between 1 and 200 then
    raise exception 'a delivery id (svix-id) is required' using errcode = '22023';
  end if;
  if v_type is null or v_type not in ('user.created', 'user.updated', 'user.deleted') then
    raise exception 'unsupported event type %', coalesce(v_type, '(none)') using errcode = '22023';
  end if;
  if v_user_id is null or v_user_id !~ '^[A-Za-z0-9_]{1,64}$' then
    raise exception 'data.id must be a Clerk user id' using errcode = '22023';
  end if;

  -- A concurrent delivery with the same id waits here for the first one, then sees the conflict.
  insert into private.clerk_webhook_deliveries (svix_id, event_type, user_id)
  values (p_delivery_id, v_type, v_user_id)
  on conflict (svix_id) do nothing;
  if not found then
    select d.result into v_result from private.clerk_webhook_deliveries d where d.svix_id = p_delivery_id;
    return v_result || jsonb_build_object('duplicate', true);
  end if;

  if v_type = 'user.deleted' then
    -- Memberships go with the user (cascade; assignments are cleared). Messages keep sender_id:
    -- it has no foreign key, so the transcript still says who wrote what.
    delete from public.users where id = v_user_id;
    v_result := jsonb_build_object('status', 'processed', 'user_id', v_user_id, 'deleted', found);
  elsif exists (select 1 from private.clerk_webhook_deliveries d
                where d.user_id = v_user_id and d.event_type = 'user.deleted') then
    -- Svix may deliver a retried update after the deletion: never resurrect the user.
    v_result := jsonb_build_object('status', 'ignored', 'user_id', v_user_id, 'reason', 'user_deleted');
  else
    v_result := private.clerk_upsert_user(v_type, p_event -> 'data');
  end if;

  update private.clerk_webhook_deliveries set result = v_result where svix_id = p_delivery_id;
  return v_result || jsonb_build_object('duplicate', false);
end
$$;
comment on function public.sync_clerk_user(text, jsonb) is
  'Service role only (clerk-webhook Edge Function): apply one Clerk user event {type, data} once per Svix delivery id. '
  'Returns {status processed|ignored, user_id, created?, deleted?, organizations?, duplicate}. Errors: 22023 bad event.';

revoke all on function
  private.accept_invitations(text, text[]),
  private.create_personal_org(text, text, text),
  private.assign_new_user(text, text, boolean, text),
  private.clerk_upsert_user(text, jsonb),
  public.sync_clerk_user(text, jsonb)
  from public, anon, authenticated, service_role;
grant execute on function public.sync_clerk_user(text, jsonb) to service_role;
