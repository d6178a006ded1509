-- widget_search_articles takes a visitor's session token. PostgREST lets anyone call a stable or
-- immutable function with GET, arguments in the query string, and query strings end up in the
-- access logs of every proxy on the way (the token would then be readable by whoever reads the
-- logs). A volatile function is POST only (GET answers 405), so the token stays in the body.
-- Nothing else changes: the function still only reads.
alter function public.widget_search_articles(text, text, integer) volatile;
