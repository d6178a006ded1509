-- Websites that embed the widget, and the visitors seen on them.

create table public.websites (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  domain text not null,
  name text not null,
  public_key text not null unique default 'wk_' || replace(gen_random_uuid()::text, '-', ''),
  allowed_origins text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (organization_id, domain),
  constraint websites_domain_format
    check (domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$'),
  constraint websites_name_length check (char_length(name) between 1 and 120),
  constraint websites_public_key_format check (public_key ~ '^wk_[A-Za-z0-9_]{4,64}$')
);
comment on table public.websites is 'Customer websites that embed the chat widget.';
comment on column public.websites.public_key is 'Widget key embedded in widget.js; identifies the website, not a secret.';
comment on column public.websites.allowed_origins is 'Origins (scheme://host[:port]) allowed to open widget sessions with this key.';

create trigger websites_keep_organization_id before update on public.websites
  for each row execute function private.keep_organization_id();
create trigger websites_touch_updated_at before update on public.websites
  for each row execute function private.touch_updated_at();

alter table public.websites enable row level security;

-- select(websites): members read their active org's websites
create policy websites_select on public.websites for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));

-- insert(websites): admins add websites to their active org
create policy websites_insert on public.websites for insert to authenticated
with check (organization_id = (select private.org_with_role('admin')));

-- update(websites): admins edit their active org's websites
create policy websites_update on public.websites for update to authenticated
using (organization_id = (select private.org_with_role('admin')))
with check (organization_id = (select private.org_with_role('admin')));

-- delete(websites): admins remove their active org's websites
create policy websites_delete on public.websites for delete to authenticated
using (organization_id = (select private.org_with_role('admin')));

create table public.visitors (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  website_id uuid,
  external_id text,
  email text,
  name text,
  metadata jsonb not null default '{}',
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (organization_id, external_id),
  foreign key (website_id, organization_id) references public.websites (id, organization_id)
    on delete set null (website_id),
  constraint visitors_metadata_object check (jsonb_typeof(metadata) = 'object')
);
comment on table public.visitors is 'People chatting through the widget or a channel; anonymous until they leave an email.';
comment on column public.visitors.website_id is 'Website first seen on; null for channel visitors (Facebook, Zalo).';
comment on column public.visitors.external_id is 'Id from the customer''s own system (identity verification or ingest API), unique per organization.';

create index visitors_organization_id_last_seen_idx on public.visitors (organization_id, last_seen_at desc);
create index visitors_organization_id_website_id_idx on public.visitors (organization_id, website_id);
create index visitors_organization_id_email_idx on public.visitors (organization_id, email);

create trigger visitors_keep_organization_id before update on public.visitors
  for each row execute function private.keep_organization_id();
create trigger visitors_touch_updated_at before update on public.visitors
  for each row execute function private.touch_updated_at();

alter table public.visitors enable row level security;

-- select(visitors): members read their active org's visitors
create policy visitors_select on public.visitors for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));

-- insert(visitors): agents add visitors to their active org
create policy visitors_insert on public.visitors for insert to authenticated
with check (organization_id = (select private.org_with_role('agent')));

-- update(visitors): agents edit their active org's visitors
create policy visitors_update on public.visitors for update to authenticated
using (organization_id = (select private.org_with_role('agent')))
with check (organization_id = (select private.org_with_role('agent')));

-- delete(visitors): agents delete their active org's visitors
create policy visitors_delete on public.visitors for delete to authenticated
using (organization_id = (select private.org_with_role('agent')));
