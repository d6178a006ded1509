-- Knowledge base articles, full-text indexed; the local AI answers from them.

create table public.articles (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  title text not null,
  body text not null default '',
  slug text not null,
  tags text[] not null default '{}',
  is_published boolean not null default false,
  fts tsvector generated always as (
    to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || coalesce(body, ''))
  ) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (organization_id, slug),
  constraint articles_title_length check (char_length(title) between 1 and 300),
  constraint articles_slug_format check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$')
);
comment on table public.articles is 'Help-center articles of an organization; the AI concierge answers from the published ones.';
comment on column public.articles.fts is 'English full-text vector of title and body (generated); query with fts @@ websearch_to_tsquery(''english'', q).';
comment on column public.articles.is_published is 'Only published articles are shown to visitors and used by the AI.';

create index articles_organization_id_updated_at_idx on public.articles (organization_id, updated_at desc);
create index articles_fts_idx on public.articles using gin (fts);

create trigger articles_keep_organization_id before update on public.articles
  for each row execute function private.keep_organization_id();
create trigger articles_touch_updated_at before update on public.articles
  for each row execute function private.touch_updated_at();

alter table public.articles enable row level security;

-- select(articles): members read their active org's articles
create policy articles_select on public.articles for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));

-- insert(articles): agents write articles in their active org
create policy articles_insert on public.articles for insert to authenticated
with check (organization_id = (select private.org_with_role('agent')));

-- update(articles): agents edit their active org's articles
create policy articles_update on public.articles for update to authenticated
using (organization_id = (select private.org_with_role('agent')))
with check (organization_id = (select private.org_with_role('agent')));

-- delete(articles): agents delete their active org's articles
create policy articles_delete on public.articles for delete to authenticated
using (organization_id = (select private.org_with_role('agent')));
