-- widget_search_articles takes a visitor's session token. PostgREST serves stable and immutable
-- functions over GET, arguments in the query string, and query strings end up in the access logs
-- of every proxy on the way (whoever reads the logs could then act as the visitor). Marking the
-- function volatile is not enough on its own: PostgREST still runs a volatile function for GET,
-- in a read-only transaction, and this one only reads. So the search moves to private
-- unchanged, and the public entry point is volatile and refuses a read-only transaction with
-- 25006, which PostgREST answers as 405: POST only, the token stays in the body.

alter function public.widget_search_articles(text, text, integer) set schema private;
revoke all on function private.widget_search_articles(text, text, integer) from public, anon, authenticated, service_role;
comment on function private.widget_search_articles(text, text, integer) is
  'The article search behind public.widget_search_articles (same arguments, result and errors); not callable through the API.';

create function public.widget_search_articles(p_session_token text, p_query text, p_limit integer default 3)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if pg_catalog.current_setting('transaction_read_only') = 'on' then
    raise exception 'call widget_search_articles with POST' using errcode = '25006';
  end if;
  return private.widget_search_articles(p_session_token, p_query, p_limit);
end
$$;
comment on function public.widget_search_articles(text, text, integer) is
  'Widget AI: up to p_limit published articles of the session''s organization matching p_query (English full-text, terms OR-ed), '
  'best first, each {id, title, body, rank, confidence 0..1}; plus the assistant settings {name, greeting, escalation_threshold} '
  'and the question''s terms. POST only (25006, HTTP 405, in a read-only transaction such as a GET). '
  'Errors: 28000 bad session, 22023 bad argument.';

revoke all on function public.widget_search_articles(text, text, integer) from public, anon, authenticated, service_role;
grant execute on function public.widget_search_articles(text, text, integer) to anon, authenticated;
