-- The knowledge base needs what a help center organizes articles by (a collection), the language
-- an article is written in (which text-search configuration indexes it, and which visitors it
-- answers), who wrote and last edited it, and when it was first published. The columns land on
-- their own so the editor, the retrieval and the help center can build on one shape.
set local lock_timeout = '5s';

-- pgt-ignore lint/safety/addingFieldWithDefault: a constant default needs no table rewrite since Postgres 11
-- pgt-ignore lint/safety/addingForeignKeyConstraint: the new columns are all null, so checking the keys scans nothing
alter table public.articles
  add column collection text,
  add column language text not null default 'en',
  add column created_by text references public.users (id) on delete set null,
  add column updated_by text references public.users (id) on delete set null,
  add column published_at timestamptz,
  add constraint articles_collection_length check (collection is null or char_length(collection) between 1 and 80),
  -- the languages the widget speaks; Vietnamese has no Postgres stemmer and is indexed as 'simple'
  add constraint articles_language_known check (language in ('en', 'vi', 'fr', 'es', 'de'));

update public.articles set published_at = updated_at where is_published and published_at is null;

create index articles_organization_id_collection_idx on public.articles (organization_id, collection);
create index articles_created_by_idx on public.articles (created_by);
create index articles_updated_by_idx on public.articles (updated_by);

comment on column public.articles.collection is 'The help-center section the article is listed under; null lists it under "General".';
comment on column public.articles.language is 'ISO 639-1 code of the article''s language: picks its text-search configuration.';
