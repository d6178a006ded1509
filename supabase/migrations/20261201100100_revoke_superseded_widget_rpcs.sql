-- The chat function makes one call per visitor turn, public.widget_chat_turn (20261123004100),
-- which posts the message and searches the knowledge base inside the database. Since then no Edge
-- Function, widget path or dashboard page calls widget_post_message or widget_search_articles, yet
-- anon and authenticated could still call both through PostgREST: a second way in, with its own
-- rate of use, that nothing needs. widget_chat_turn is a security definer, so it keeps calling
-- them as their owner; only the direct API route closes.
revoke execute on function public.widget_post_message(text, text, text) from anon, authenticated;
revoke execute on function public.widget_search_articles(text, text, integer) from anon, authenticated;
