-- CSAT (issue 17): a visitor rates the latest resolution of their own conversation once (1-5, an
-- optional comment), never before it is resolved; a resolution after a reopen is asked again.
-- Members of the organization read the ratings; no member writes them, and another organization's
-- member, a token without membership and anon read nothing.
begin;
select plan(26);

create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated, service_role;

select ok(has_function_privilege('anon', 'public.widget_rate_conversation(text, integer, text)', 'execute'),
  'anon executes widget_rate_conversation (the widget''s rating)');
select ok(not has_function_privilege('anon', 'private.csat_due(uuid, uuid, public.conversation_state)', 'execute')
  and not has_function_privilege('authenticated', 'private.csat_due(uuid, uuid, public.conversation_state)', 'execute'),
  'the due check is not an API');

select tests.authenticate_as_anon();
insert into tok select 'a', public.widget_start_session('wk_acme_main', 'https://acme.com');
select is((public.widget_messages((select r ->> 'session_token' from tok where name = 'a')) -> 'conversation' ->> 'csat_due')::boolean,
  false, 'an open conversation asks for no rating');
select throws_ok($$ select public.widget_rate_conversation((select r ->> 'session_token' from tok where name = 'a'), 5) $$,
  '22023', 'the conversation is not resolved', 'nor can it be rated');

-- an agent takes it over and Grace resolves it
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select public.take_over_conversation((select (r ->> 'conversation_id')::uuid from tok where name = 'a'));
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select public.resolve_conversation((select (r ->> 'conversation_id')::uuid from tok where name = 'a'));

select tests.authenticate_as_anon();
select is((public.widget_messages((select r ->> 'session_token' from tok where name = 'a')) -> 'conversation' ->> 'csat_due')::boolean,
  true, 'once resolved, the widget is asked to collect a rating');
select throws_ok($$ select public.widget_rate_conversation((select r ->> 'session_token' from tok where name = 'a'), 6) $$,
  '22023', 'rating must be 1 to 5', 'a rating above 5 is refused');
select throws_ok($$ select public.widget_rate_conversation((select r ->> 'session_token' from tok where name = 'a'), 0) $$,
  '22023', 'rating must be 1 to 5', 'a rating below 1 is refused');
select throws_ok($$ select public.widget_rate_conversation((select r ->> 'session_token' from tok where name = 'a'), 4, repeat('x', 1001)) $$,
  '22023', 'comment must be at most 1000 characters', 'a comment over 1000 characters is refused');
select throws_ok($$ select public.widget_rate_conversation('vst_' || repeat('0', 64), 4) $$,
  '28000', null, 'an unknown session rates nothing');
select is(public.widget_rate_conversation((select r ->> 'session_token' from tok where name = 'a'), 4, '  Quick and kind  '),
  '{"rating": 4, "comment": "Quick and kind"}'::jsonb, 'the visitor rates the resolution 4 with a comment');
select throws_ok($$ select public.widget_rate_conversation((select r ->> 'session_token' from tok where name = 'a'), 1) $$,
  '23505', 'this resolution is already rated', 'once per resolution: a second rating is refused');
select is((public.widget_messages((select r ->> 'session_token' from tok where name = 'a')) -> 'conversation' ->> 'csat_due')::boolean,
  false, 'and the widget stops asking');
select tests.clear_authentication();
select is((select concat_ws(' ', r.rating, r.comment, r.agent_id, w.public_key) from public.csat_ratings r
           join public.websites w on w.id = r.website_id
           where r.conversation_id = (select (t.r ->> 'conversation_id')::uuid from tok t where t.name = 'a')),
  '4 Quick and kind user_acme_agent wk_acme_main', 'the rating keeps the conversation''s agent and website');

-- the visitor writes again (the conversation reopens) and it is resolved again: asked again
select tests.authenticate_as_anon();
select public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a'), 'csat-reopen-1', 'One more thing, please', 0);
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select public.resolve_conversation((select (r ->> 'conversation_id')::uuid from tok where name = 'a'));
select tests.authenticate_as_anon();
select is(public.widget_rate_conversation((select r ->> 'session_token' from tok where name = 'a'), 2),
  '{"rating": 2, "comment": null}'::jsonb, 'the next resolution is rated on its own, without a comment');

-- who reads and writes the table
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select is((select count(*) from public.csat_ratings where conversation_id = (select (r ->> 'conversation_id')::uuid from tok where name = 'a')),
  2::bigint, 'an Acme viewer reads both ratings');
select results_eq($$ select dimension, key, ratings, average, satisfied from public.analytics_csat(now() - interval '1 day', now() + interval '1 day')
    where dimension = 'all' or key in ('user_acme_agent', 'a1000000-0000-4000-8000-000000000001') $$,
  $$ values ('agent', 'user_acme_agent', 2::bigint, 3.00::numeric, 1::bigint), ('all', null, 2::bigint, 3.00::numeric, 1::bigint),
            ('website', 'a1000000-0000-4000-8000-000000000001', 2::bigint, 3.00::numeric, 1::bigint) $$,
  'analytics: CSAT by agent, by website and overall for the period (average 3, one satisfied)');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is((select coalesce(sum(ratings), 0) from public.analytics_csat(now() - interval '1 day', now() + interval '1 day') where dimension = 'all'),
  0::numeric, 'Globex''s CSAT analytics count none of Acme''s ratings');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.csat_ratings (organization_id, conversation_id, resolution_id, rating)
  select organization_id, conversation_id, resolution_id, 5 from public.csat_ratings limit 1 $$, '42501', null,
  'not even an owner inserts a rating directly');
select throws_ok($$ update public.csat_ratings set rating = 5 $$, '42501', null, 'nor changes one');
select throws_ok($$ delete from public.csat_ratings $$, '42501', null, 'nor deletes one');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.csat_ratings where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'a Globex owner reads no Acme rating');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.csat_ratings where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'a Globex owner whose token claims Acme reads none');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.csat_ratings where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'the consultant with Globex active reads none');
select tests.authenticate_as_anon();
select throws_ok($$ select 1 from public.csat_ratings $$, '42501', null, 'anon has no privilege on csat_ratings');
insert into tok select 'g', public.widget_start_session('wk_globex_main', 'https://globex.com');
select throws_ok($$ select public.widget_rate_conversation((select r ->> 'session_token' from tok where name = 'g'), 5) $$,
  '22023', 'the conversation is not resolved', 'a visitor rates only their own conversation (a fresh Globex one is not resolved)');
select tests.clear_authentication();
select is((select count(*) from public.csat_ratings r join tok t on t.name = 'g' and (t.r ->> 'conversation_id')::uuid = r.conversation_id),
  0::bigint, 'nothing stored for the Globex visitor');

select * from finish();
rollback;
