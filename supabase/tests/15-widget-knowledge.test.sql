-- The AI concierge's visitor-side database calls: knowledge search sees only the session
-- organization's published articles, the per-visitor message limit holds, and a resent message
-- finds the reply already stored for it.
begin;
select plan(18);

create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated, service_role;

select ok(not has_function_privilege('anon', 'public.widget_search_articles(text, text, integer)', 'execute')
  and has_function_privilege('anon', 'public.widget_chat_turn(text, text, text, integer)', 'execute'),
  'anon searches only through widget_chat_turn, not widget_search_articles directly');
select ok(not has_function_privilege('anon', 'private.ai_reply_key(text)', 'execute')
  and not has_function_privilege('authenticated', 'private.ai_reply_key(text)', 'execute'),
  'the reply-key helper is internal');

select tests.authenticate_as_anon();
insert into tok select 'a', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 'g', public.widget_start_session('wk_globex_main', 'https://globex.com');

-- search is scoped by the session, never by an argument (called as postgres, as widget_chat_turn,
-- a security definer, calls it: anon cannot call it directly)
select tests.clear_authentication();
insert into tok select 'sa', public.widget_search_articles((select r ->> 'session_token' from tok where name = 'a'),
  'How do I reset my password?');
insert into tok select 'sg', public.widget_search_articles((select r ->> 'session_token' from tok where name = 'g'),
  'How do I reset my password?');
select is((select r -> 'articles' -> 0 ->> 'title' from tok where name = 'sa'), 'How to reset your password',
  'an Acme visitor finds Acme''s password article first');
select is((select count(*) from tok, jsonb_array_elements(r -> 'articles') a
           where name = 'sa' and (a ->> 'id')::uuid in (select id from public.articles where organization_id <> 'a0000000-0000-4000-8000-000000000001')),
  0::bigint, 'an Acme visitor''s search returns no article of another organization');
select is((select r -> 'articles' -> 0 ->> 'title' from tok where name = 'sg'), 'Resetting your Globex password',
  'a Globex visitor asking the same finds Globex''s article');
select is((select count(*) from tok, jsonb_array_elements(r -> 'articles') a
           where name = 'sg' and (a ->> 'id')::uuid in (select id from public.articles where organization_id <> 'b0000000-0000-4000-8000-000000000001')),
  0::bigint, 'a Globex visitor''s search returns no Acme article');
select is((select (r -> 'articles' -> 0 ->> 'confidence')::numeric from tok where name = 'sa'), 1.000,
  'a question fully covered by an article has confidence 1');
insert into tok select 'draft', public.widget_search_articles((select r ->> 'session_token' from tok where name = 'a'),
  'XML export roadmap');
select is((select jsonb_array_length(r -> 'articles') from tok where name = 'draft'), 0,
  'unpublished (draft) articles are never returned');
insert into tok select 'none', public.widget_search_articles((select r ->> 'session_token' from tok where name = 'a'),
  'the meaning of life');
select is((select jsonb_array_length(r -> 'articles') from tok where name = 'none'), 0,
  'a question no article covers returns nothing');
select is((select r -> 'assistant' ->> 'escalation_threshold' from tok where name = 'sa'), '0.55',
  'the organization''s escalation threshold comes with the results');
select throws_ok($$ select public.widget_search_articles('vst_' || repeat('0', 64), 'password') $$,
  '28000', 'invalid visitor session', 'an unknown session token cannot search');
select throws_ok($$ select public.widget_search_articles((select r ->> 'session_token' from tok where name = 'a'), 'x', 50) $$,
  '22023', 'limit must be between 1 and 10', 'the result size is bounded');

-- per-visitor limit: 10 new messages a minute; a resend of a stored one is not counted
select tests.authenticate_as_anon();
select lives_ok($$ select public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a'),
  'limit-msg-' || i, 'message ' || i) from generate_series(1, 10) i $$, 'ten messages in a minute are accepted');
select throws_ok($$ select public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a'),
  'limit-msg-11', 'one too many') $$, 'PT429', 'too many messages: at most 10 per minute', 'the eleventh is refused with PT429');
select is((public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a'), 'limit-msg-3', 'message 3') ->> 'duplicate'),
  'true', 'a resend of a stored message is still answered during the limit');
select lives_ok($$ select public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'g'),
  'limit-msg-1', 'another visitor') $$, 'another visitor is not limited by the first one');

-- a resent message returns the AI reply stored under its reply key
select tests.clear_authentication();
set local role service_role;
insert into tok select 'stored', public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 'a'),
  'ai:limit-msg-5', 'Stored answer', '{"confidence": 0.9, "intent": "answer", "sources": [{"id": "x", "title": "T"}]}');
reset role;
select is((select r ->> 'duplicate' from tok where name = 'stored'), 'false', 'the AI job stores a reply under ai:<client_msg_id>');
select tests.authenticate_as_anon();
select is((public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a'), 'limit-msg-5', 'message 5') -> 'reply' ->> 'body'),
  'Stored answer', 'resending the visitor message returns the stored reply');

select * from finish();
rollback;
