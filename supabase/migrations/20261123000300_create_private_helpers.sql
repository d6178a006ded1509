-- The tenancy helpers every policy uses. The active organization is a scalar per request:
-- the o.id claim names it (Clerk v2 session token: o = {id, rol, slg}), membership and role
-- come from public.organization_members, never from the claim.

create function private.org_with_role(min_role public.member_role) returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select o.id
  from public.organizations o
  join public.organization_members m on m.organization_id = o.id
  where m.user_id = (auth.jwt() ->> 'sub')
    and (auth.jwt() -> 'o' ->> 'id') in (o.id::text, o.clerk_org_id)
    and m.role >= min_role
  limit 1
$$;
comment on function private.org_with_role(public.member_role) is
  'The active organization id if the current user is a member of it with at least min_role, else null. Use as organization_id = (select private.org_with_role(''viewer'')).';

create function private.my_org_ids() returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.organization_id
  from public.organization_members m
  where m.user_id = (auth.jwt() ->> 'sub')
$$;
comment on function private.my_org_ids() is
  'Every organization the current user belongs to (org switcher). Only for the organizations select policy.';

revoke all on function private.org_with_role(public.member_role), private.my_org_ids()
  from public, anon;
grant execute on function private.org_with_role(public.member_role), private.my_org_ids()
  to authenticated, service_role;
