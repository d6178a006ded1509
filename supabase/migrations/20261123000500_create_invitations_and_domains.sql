-- Invitations to join an organization, and email domains whose users may auto-join.

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  email text not null,
  role public.member_role not null default 'agent',
  invited_by text default (auth.jwt() ->> 'sub'),
  status public.invitation_status not null default 'pending',
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  constraint invitations_email_format check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+$'),
  constraint invitations_accepted_at check ((status = 'accepted') = (accepted_at is not null))
);
comment on table public.invitations is 'Pending and past invitations; the sign-up flow (service role) accepts them.';
comment on column public.invitations.email is 'Invitee email, stored lower-case.';
comment on column public.invitations.invited_by is 'Clerk user id of the inviter; no foreign key, kept for audit.';

create unique index invitations_one_pending_idx on public.invitations (organization_id, email)
  where status = 'pending';
create index invitations_email_idx on public.invitations (email) where status = 'pending';

create trigger invitations_keep_organization_id before update on public.invitations
  for each row execute function private.keep_organization_id();
create trigger invitations_touch_updated_at before update on public.invitations
  for each row execute function private.touch_updated_at();

alter table public.invitations enable row level security;

-- select(invitations): members read their active org's invitations
create policy invitations_select on public.invitations for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));

-- insert(invitations): admins invite non-owners as themselves; owners may invite owners
create policy invitations_insert on public.invitations for insert to authenticated
with check (
  organization_id = (select private.org_with_role('admin'))
  and (role <> 'owner' or organization_id = (select private.org_with_role('owner')))
  and invited_by = ((select auth.jwt()) ->> 'sub')
);

-- update(invitations): admins edit (e.g. revoke) their active org's non-owner invitations
create policy invitations_update on public.invitations for update to authenticated
using (
  organization_id = (select private.org_with_role('admin'))
  and (role <> 'owner' or organization_id = (select private.org_with_role('owner')))
)
with check (
  organization_id = (select private.org_with_role('admin'))
  and (role <> 'owner' or organization_id = (select private.org_with_role('owner')))
);

-- delete(invitations): admins delete their active org's non-owner invitations
create policy invitations_delete on public.invitations for delete to authenticated
using (
  organization_id = (select private.org_with_role('admin'))
  and (role <> 'owner' or organization_id = (select private.org_with_role('owner')))
);

create table public.organization_domains (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  domain text not null,
  role public.member_role not null default 'agent',
  created_at timestamptz not null default now(),
  primary key (organization_id, domain),
  constraint organization_domains_domain_format
    check (domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'),
  constraint organization_domains_not_owner check (role <> 'owner')
);
comment on table public.organization_domains is 'Email domains whose verified users join the organization automatically at sign-up.';
comment on column public.organization_domains.role is 'Role given to users who join through this domain (never owner).';

create index organization_domains_domain_idx on public.organization_domains (domain);

create trigger organization_domains_keep_organization_id before update on public.organization_domains
  for each row execute function private.keep_organization_id();

alter table public.organization_domains enable row level security;

-- select(organization_domains): members read their active org's domains
create policy organization_domains_select on public.organization_domains for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));

-- insert(organization_domains): admins add domains to their active org
create policy organization_domains_insert on public.organization_domains for insert to authenticated
with check (organization_id = (select private.org_with_role('admin')));

-- update(organization_domains): admins edit their active org's domains
create policy organization_domains_update on public.organization_domains for update to authenticated
using (organization_id = (select private.org_with_role('admin')))
with check (organization_id = (select private.org_with_role('admin')));

-- delete(organization_domains): admins remove their active org's domains
create policy organization_domains_delete on public.organization_domains for delete to authenticated
using (organization_id = (select private.org_with_role('admin')));
