-- search_messages(): full text over the active organization's messages only, through an index.
begin;
select plan(10);

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select set_eq($$ select id from public.search_messages('charged') $$,
  $$ values ('a5000000-0000-4000-8000-000000000001'::uuid) $$, 'an Acme agent finds the Acme message that says "charged"');
select is((select count(*) from public.search_messages('CHARGED twice')), 1::bigint, 'case-insensitively, every word required');
select is_empty($$ select 1 from public.search_messages('badge') $$, 'a word only Globex''s messages hold finds nothing for Acme');
select is((select count(*) from public.search_messages('"charged twice" or password -xml')),
  (select count(*) from public.messages where body ilike '%charged twice%' or (body ilike '%password%' and body not ilike '%xml%')),
  'web-style syntax (phrases, or, -word) works');
select lives_ok($$ select * from public.search_messages('(&|!:* ''"') $$, 'stray operators in the query never raise');

select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
select isnt_empty($$ select 1 from public.search_messages('badge') $$, 'a Globex agent finds Globex''s messages (positive control)');
select is_empty($$ select 1 from public.search_messages('charged') $$, 'and never Acme''s');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.search_messages('charged') $$, 'the consultant with Globex active does not find Acme''s messages');

select tests.authenticate_as_anon();
select throws_ok($$ select * from public.search_messages('charged') $$, '42501', null, 'anon (and so a visitor) may not search');

-- the function's predicate can use the expression index (seq scans off: the seed is tiny)
select tests.clear_authentication();
set local enable_seqscan = off;
select matches(tests.explain_json($$ select * from public.messages m
  where to_tsvector('simple'::regconfig, m.body) @@ websearch_to_tsquery('simple'::regconfig, left('refund', 200)) $$)::text,
  'messages_body_search_idx', 'the search predicate is served by messages_body_search_idx');

select * from finish();
rollback;
