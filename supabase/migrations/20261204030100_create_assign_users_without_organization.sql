-- Seed 002's backfill ("assign all users to Test Environment"), for database admins: every user
-- who belongs to no organization becomes a member of the given one with the given role. Users
-- who already belong somewhere are left alone, so calling it again adds nobody (idempotent).
-- Ownership is never handed out in bulk: owners are named one by one.
create function public.assign_users_without_organization(p_organization uuid, p_role public.member_role)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_added integer;
begin
  if p_role is null or p_role = 'owner' then
    raise exception 'the role must be viewer, agent or admin' using errcode = '22023';
  end if;
  if not exists (select 1 from public.organizations o where o.id = p_organization) then
    raise exception 'no such organization' using errcode = 'P0002';
  end if;
  insert into public.organization_members (organization_id, user_id, role)
  select p_organization, u.id, p_role
  from public.users u
  where not exists (select 1 from public.organization_members m where m.user_id = u.id)
  order by u.id
  on conflict (organization_id, user_id) do nothing;
  get diagnostics v_added = row_count;
  return v_added;
end
$$;
comment on function public.assign_users_without_organization(uuid, public.member_role) is
  'Service role / database admins: every user without an organization joins p_organization as p_role (not owner); returns how many joined.';
revoke all on function public.assign_users_without_organization(uuid, public.member_role) from public, anon, authenticated;
grant execute on function public.assign_users_without_organization(uuid, public.member_role) to service_role;
