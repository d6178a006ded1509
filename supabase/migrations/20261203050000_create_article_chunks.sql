-- Retrieval answers from the section of an article that holds the answer, not from the whole
-- article: a long article is split at its Markdown headings into chunks, each indexed in the
-- article's own language with its title and heading weighted above its text, and each naming
-- the heading's anchor so the answer can link to the section. A trigger keeps the chunks in step
-- with the article, so nothing else writes them. pg_trgm (in extensions, as on hosted Supabase)
-- gives the retrieval a way to read a misspelled word as the nearest word the articles use.
set local lock_timeout = '5s';

create extension if not exists pg_trgm with schema extensions;

-- The text-search configuration of an article's language: Postgres has no Vietnamese stemmer,
-- so Vietnamese is indexed word for word ('simple').
create function private.article_ts_config(p_language text) returns regconfig
language sql
immutable
set search_path = ''
as $$
  select case p_language
    when 'en' then 'pg_catalog.english'
    when 'fr' then 'pg_catalog.french'
    when 'es' then 'pg_catalog.spanish'
    when 'de' then 'pg_catalog.german'
    else 'pg_catalog.simple'
  end::regconfig
$$;
comment on function private.article_ts_config(text) is 'Text-search configuration for an article language code (en, fr, es, de; anything else, vi included, simple).';
revoke all on function private.article_ts_config(text) from public, anon, authenticated;

-- The anchor a heading gets in the rendered article (the help center's Markdown renderer makes
-- the same one: components/help/slug.ts): lower case, punctuation dropped, spaces to hyphens.
create function private.heading_anchor(p_heading text) returns text
language sql
immutable
set search_path = ''
as $$
  select pg_catalog.regexp_replace(
    pg_catalog.regexp_replace(pg_catalog.lower(pg_catalog.btrim(p_heading)), '[^[:alnum:] _-]', '', 'g'), ' ', '-', 'g')
$$;
comment on function private.heading_anchor(text) is 'GitHub-style anchor of a Markdown heading (components/help/slug.ts makes the same).';
revoke all on function private.heading_anchor(text) from public, anon, authenticated;

-- An article body's sections: the text before the first heading, then one per ATX heading
-- (# to ######) outside fenced code. Repeated anchors get -1, -2 … as the renderer numbers them.
create function private.article_sections(p_body text)
returns table (seq integer, heading text, anchor text, body text)
language plpgsql
immutable
set search_path = ''
as $$
declare
  line text;
  in_fence boolean := false;
  cur_heading text := null;
  cur_lines text[] := '{}';
  seen jsonb := '{}'::jsonb;
  a text;
  n integer := 0;
  m text[];
begin
  foreach line in array pg_catalog.regexp_split_to_array(coalesce(p_body, ''), E'\r?\n') loop
    if line ~ '^\s{0,3}(```|~~~)' then
      in_fence := not in_fence;
    end if;
    m := case when in_fence then null else pg_catalog.regexp_match(line, '^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$') end;
    if m is not null and m[1] <> '' then
      if cur_heading is not null or pg_catalog.btrim(pg_catalog.array_to_string(cur_lines, E'\n'), E' \n\t') <> '' then
        seq := n; heading := cur_heading;
        anchor := case when cur_heading is null then null else a end;
        body := pg_catalog.btrim(pg_catalog.array_to_string(cur_lines, E'\n'), E' \n\t');
        return next;
        n := n + 1;
      end if;
      cur_heading := m[1];
      cur_lines := '{}';
      a := private.heading_anchor(cur_heading);
      if seen ? a then
        seen := seen || jsonb_build_object(a, (seen ->> a)::integer + 1);
        a := a || '-' || (seen ->> a);
      else
        seen := seen || jsonb_build_object(a, 0);
      end if;
    else
      cur_lines := cur_lines || line;
    end if;
  end loop;
  if cur_heading is not null or pg_catalog.btrim(pg_catalog.array_to_string(cur_lines, E'\n'), E' \n\t') <> '' or n = 0 then
    seq := n; heading := cur_heading;
    anchor := case when cur_heading is null then null else a end;
    body := pg_catalog.btrim(pg_catalog.array_to_string(cur_lines, E'\n'), E' \n\t');
    return next;
  end if;
end
$$;
comment on function private.article_sections(text) is 'Splits a Markdown body at its headings: (seq, heading, anchor, body); the text before the first heading has no heading.';
revoke all on function private.article_sections(text) from public, anon, authenticated;

create table public.article_chunks (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  article_id uuid not null,
  seq integer not null,
  heading text,
  anchor text,
  body text not null,
  ts_config text not null,
  -- title and heading (A) rank above the section's text (B)
  fts tsvector not null,
  -- the distinct words (4+ letters) of title, heading and text: what a misspelled word is corrected to
  words text[] not null,
  primary key (organization_id, article_id, seq),
  foreign key (article_id, organization_id) references public.articles (id, organization_id) on delete cascade,
  constraint article_chunks_seq check (seq >= 0)
);
comment on table public.article_chunks is
  'Sections of each article (split at Markdown headings) as retrieval searches them; written only by the articles trigger.';

create index article_chunks_fts_idx on public.article_chunks using gin (fts);

create trigger article_chunks_keep_organization_id before update on public.article_chunks
  for each row execute function private.keep_organization_id();

alter table public.article_chunks enable row level security;

-- select(article_chunks): members read their active org's article sections
create policy article_chunks_select on public.article_chunks for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));

-- members read; nobody writes but the trigger below (security definer)
revoke all on public.article_chunks from anon, authenticated;
grant select on public.article_chunks to authenticated;

-- (Re)writes one article's chunks: used by the trigger and, once, for the articles that exist.
create function private.write_article_chunks(p_article public.articles) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  cfg regconfig := private.article_ts_config(p_article.language);
begin
  delete from public.article_chunks where organization_id = p_article.organization_id and article_id = p_article.id;
  insert into public.article_chunks (organization_id, article_id, seq, heading, anchor, body, ts_config, fts, words)
  select p_article.organization_id, p_article.id, s.seq, s.heading, s.anchor, s.body, cfg,
    pg_catalog.setweight(pg_catalog.to_tsvector(cfg, p_article.title || ' ' || coalesce(s.heading, '')), 'A')
      || pg_catalog.setweight(pg_catalog.to_tsvector(cfg, s.body), 'B'),
    coalesce((select pg_catalog.array_agg(distinct w) from pg_catalog.regexp_split_to_table(
      pg_catalog.lower(p_article.title || ' ' || coalesce(s.heading, '') || ' ' || s.body), '[^[:alpha:]]+') w
      where pg_catalog.char_length(w) >= 4), '{}')
  from private.article_sections(p_article.body) s;
end
$$;
comment on function private.write_article_chunks(public.articles) is 'Replaces the chunks of one article with its current sections.';
revoke all on function private.write_article_chunks(public.articles) from public, anon, authenticated;

create function private.sync_article_chunks() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.write_article_chunks(new);
  return null;
end
$$;
comment on function private.sync_article_chunks() is 'Trigger: rebuilds an article''s chunks after its title, body or language changes.';
revoke all on function private.sync_article_chunks() from public, anon, authenticated;

create trigger articles_sync_chunks after insert or update of title, body, language on public.articles
  for each row execute function private.sync_article_chunks();

-- the articles that exist already
select private.write_article_chunks(a) from public.articles a;
