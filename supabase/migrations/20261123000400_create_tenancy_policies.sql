-- Row-level security for users, organizations and organization_members.

-- This alters tables already in use: wait at most 5s for their lock rather than queue every query behind us.
set local lock_timeout = '5s';

alter table public.users enable row level security;
alter table public.organizations enable row level security;
alter table public.organization_members enable row level security;

-- users: server sync inserts and deletes (service role; no insert/delete policies), a user
-- edits only their name and avatar.
revoke update on public.users from anon, authenticated;
grant update (name, avatar_url) on public.users to authenticated;

-- select(users): yourself, and the members of your active organization
create policy users_select on public.users for select to authenticated
using (
  id = ((select auth.jwt()) ->> 'sub')
  or exists (
    select 1 from public.organization_members m
    where m.user_id = users.id
      and m.organization_id = (select private.org_with_role('viewer'))
  )
);

-- update(users): only yourself (name, avatar_url by column grant)
create policy users_update on public.users for update to authenticated
using (id = ((select auth.jwt()) ->> 'sub'))
with check (id = ((select auth.jwt()) ->> 'sub'));

-- organizations: no insert policy (sign-up code creates orgs with the service role);
-- clients may change only these columns, never id, ticket_seq or clerk_org_id.
revoke update on public.organizations from anon, authenticated;
grant update (name, slug, settings, ticket_prefix) on public.organizations to authenticated;

-- select(organizations): members list every organization they belong to (org switcher)
create policy organizations_select on public.organizations for select to authenticated
using (id in (select private.my_org_ids()));

-- update(organizations): admins edit their active organization
create policy organizations_update on public.organizations for update to authenticated
using (id = (select private.org_with_role('admin')))
with check (id = (select private.org_with_role('admin')));

-- delete(organizations): only an owner deletes their active organization
create policy organizations_delete on public.organizations for delete to authenticated
using (id = (select private.org_with_role('owner')));

-- organization_members: only the role column is editable by clients.
revoke update on public.organization_members from anon, authenticated;
grant update (role) on public.organization_members to authenticated;

-- select(organization_members): your own memberships, and everyone in your active organization
create policy organization_members_select on public.organization_members for select to authenticated
using (
  user_id = ((select auth.jwt()) ->> 'sub')
  or organization_id = (select private.org_with_role('viewer'))
);

-- insert(organization_members): admins add non-owners; owners may add owners
create policy organization_members_insert on public.organization_members for insert to authenticated
with check (
  organization_id = (select private.org_with_role('admin'))
  and (role <> 'owner' or organization_id = (select private.org_with_role('owner')))
);

-- update(organization_members): admins change non-owner rows to non-owner roles; owners change any
create policy organization_members_update on public.organization_members for update to authenticated
using (
  organization_id = (select private.org_with_role('admin'))
  and (role <> 'owner' or organization_id = (select private.org_with_role('owner')))
)
with check (
  organization_id = (select private.org_with_role('admin'))
  and (role <> 'owner' or organization_id = (select private.org_with_role('owner')))
);

-- delete(organization_members): admins remove non-owners; owners remove anyone but the last owner
create policy organization_members_delete on public.organization_members for delete to authenticated
using (
  organization_id = (select private.org_with_role('admin'))
  and (role <> 'owner' or organization_id = (select private.org_with_role('owner')))
);
