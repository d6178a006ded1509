-- Version history of articles: every save that changes an article's content keeps the content it
-- replaced, so an edit can be looked at later and undone (restore = save the old content again,
-- which in turn keeps the current one). Written only by the trigger below, never through the API:
-- members read the history, nobody rewrites it. Deleting an article deletes its history.

create table public.article_versions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  article_id uuid not null,
  version integer not null,
  title text not null,
  slug text not null,
  body text not null,
  collection text,
  tags text[] not null default '{}',
  language text not null,
  is_published boolean not null,
  -- who wrote this content and when (the article's updated_by / updated_at at the time)
  edited_by text references public.users (id) on delete set null,
  edited_at timestamptz not null,
  -- when it was replaced, and by whom
  replaced_at timestamptz not null default now(),
  replaced_by text references public.users (id) on delete set null,
  unique (id, organization_id),
  unique (organization_id, article_id, version),
  foreign key (article_id, organization_id) references public.articles (id, organization_id) on delete cascade,
  constraint article_versions_version_positive check (version > 0)
);
comment on table public.article_versions is
  'Earlier contents of an article, one row per save that changed it (written by a trigger on articles); members read, nobody writes through the API.';
comment on column public.article_versions.version is '1 for the article''s first content, counting up per article.';

create index article_versions_article_idx on public.article_versions (article_id, organization_id, version desc);
create index article_versions_edited_by_idx on public.article_versions (edited_by);
create index article_versions_replaced_by_idx on public.article_versions (replaced_by);

create trigger article_versions_keep_organization_id before update on public.article_versions
  for each row execute function private.keep_organization_id();

-- select only: the trigger writes with definer rights; deletes happen by the article's cascade
revoke all on public.article_versions from anon, authenticated;
grant select on public.article_versions to authenticated;

alter table public.article_versions enable row level security;

-- select(article_versions): members read their active org's article history
create policy article_versions_select on public.article_versions for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));

-- AFTER UPDATE on articles: keep the replaced content when the content changed (a publish toggle
-- alone is not a new version). Definer rights: members cannot insert history rows themselves.
create function private.keep_article_version() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (old.title, old.slug, old.body, old.collection, old.tags, old.language)
     is not distinct from (new.title, new.slug, new.body, new.collection, new.tags, new.language) then
    return null;
  end if;
  insert into public.article_versions (organization_id, article_id, version, title, slug, body, collection, tags,
    language, is_published, edited_by, edited_at, replaced_by)
  select old.organization_id, old.id,
    coalesce((select max(v.version) from public.article_versions v
              where v.organization_id = old.organization_id and v.article_id = old.id), 0) + 1,
    old.title, old.slug, old.body, old.collection, old.tags, old.language, old.is_published,
    old.updated_by, old.updated_at, new.updated_by;
  return null;
end
$$;
comment on function private.keep_article_version() is
  'AFTER UPDATE trigger on articles: stores the replaced content in article_versions when title, slug, body, collection, tags or language changed.';
revoke all on function private.keep_article_version() from public, anon, authenticated, service_role;

create trigger articles_keep_version after update on public.articles
  for each row execute function private.keep_article_version();
