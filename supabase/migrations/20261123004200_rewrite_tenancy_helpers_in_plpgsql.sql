-- The tenancy helpers run once per statement (policies wrap them in a scalar subquery), but as
-- `security definer` SQL functions they cannot be inlined and PostgreSQL plans their body again
-- on every call: ~0.7 ms of each API request went to that planning (bench/ANALYSIS.md, "RLS
-- list"). PL/pgSQL keeps the prepared plan for the life of the connection, and PostgREST's
-- connections are long-lived, so the same query costs ~0.1 ms. The claims are parsed once.
-- Behaviour, signature, owner and grants are unchanged.

create or replace function private.org_with_role(min_role public.member_role) returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  claims jsonb := auth.jwt();
  active_org uuid;
begin
  select o.id into active_org
  from public.organizations o
  join public.organization_members m on m.organization_id = o.id
  where m.user_id = (claims ->> 'sub')
    and (claims -> 'o' ->> 'id') in (o.id::text, o.clerk_org_id)
    and m.role >= min_role
  limit 1;
  return active_org;
end
$$;

create or replace function private.my_org_ids() returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select m.organization_id
    from public.organization_members m
    where m.user_id = (auth.jwt() ->> 'sub');
end
$$;
