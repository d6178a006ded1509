-- In Clerk mode the o.id claim is Clerk's organization id (org_...), locally it is our uuid. The
-- helper matched both against every membership of the user (`o.id::text` cannot use an index);
-- now it resolves the claim to one organization first, by primary key or by the unique
-- clerk_org_id index, then checks that one membership by its primary key: two index lookups
-- whatever the number of memberships. Behaviour, signature, owner and grants are unchanged: an
-- unknown id, or another organization's, resolves to nothing.

create or replace function private.org_with_role(min_role public.member_role) returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  claims jsonb := auth.jwt();
  claimed text := claims -> 'o' ->> 'id';
  active_org uuid;
begin
  if claimed is null then
    return null;
  end if;
  if claimed ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    active_org := claimed::uuid;
  else
    select o.id into active_org from public.organizations o where o.clerk_org_id = claimed;
  end if;
  perform 1 from public.organization_members m
  where m.organization_id = active_org and m.user_id = (claims ->> 'sub') and m.role >= min_role;
  if not found then
    return null;
  end if;
  return active_org;
end
$$;
