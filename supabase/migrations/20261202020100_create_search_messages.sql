-- Search inside messages from the inbox. The 'simple' configuration (lower-casing, no stemming,
-- no stop words) because conversations arrive in any language: an English stemmer would mangle
-- Vietnamese or German words, and a search for a refund number or an email must match as typed.
set local lock_timeout = '5s';

-- the expression index the function below matches exactly (same configuration, same expression)
create index messages_body_search_idx on public.messages using gin (to_tsvector('simple'::regconfig, body));

-- Messages of the caller's active organization matching a web-style query ("quoted phrase",
-- or, -word), newest first. Security invoker: the messages policies decide what is visible, so
-- another organization's messages never match. websearch_to_tsquery never raises on user input;
-- the query is capped so a pasted essay does not become a thousand-term tsquery.
create function public.search_messages(p_query text)
returns setof public.messages
language sql
stable
security invoker
set search_path = ''
as $$
  select m.*
  from public.messages m
  where to_tsvector('simple'::regconfig, m.body) @@ websearch_to_tsquery('simple'::regconfig, left(p_query, 200))
  order by m.created_at desc, m.id
$$;
comment on function public.search_messages(text) is
  'Full-text search over the active organization''s messages (RLS applies), newest first; page it with limit/offset.';
revoke all on function public.search_messages(text) from public, anon;
grant execute on function public.search_messages(text) to authenticated;
