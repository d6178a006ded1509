-- article_proposals (issue 12, learning from resolved tickets): resolving a conversation an agent
-- answered proposes its question and the visible answer; members of the organization read the
-- proposals (with how many escalated questions each would answer), agents approve them into a
-- DRAFT article or dismiss them; nobody writes the table directly; another organization's
-- members, a visitor and anon see and change nothing.
begin;
select plan(31);

select ok(not has_table_privilege('anon', 'public.article_proposals', 'select'), 'anon has no privilege on article_proposals');
select ok(not has_table_privilege('authenticated', 'public.article_proposals', 'insert')
  and not has_table_privilege('authenticated', 'public.article_proposals', 'update')
  and not has_table_privilege('authenticated', 'public.article_proposals', 'delete'),
  'members have no write privilege on the table');
select ok(not has_function_privilege('anon', 'public.approve_article_proposal(uuid, text, text)', 'execute')
  and not has_function_privilege('anon', 'public.dismiss_article_proposal(uuid)', 'execute')
  and not has_function_privilege('anon', 'public.article_proposal_list(text, integer)', 'execute'),
  'anon executes none of the proposal functions');

-- resolving proposes: Acme's charged-twice conversation (agent replied, AI cited the invoice article)
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select public.resolve_conversation('a2000000-0000-4000-8000-000000000001');
select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
select public.resolve_conversation('b2000000-0000-4000-8000-000000000001');
select tests.clear_authentication();
create temp table prop as
  select id, organization_id from public.article_proposals
  where conversation_id in ('a2000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000001');
grant select on prop to anon, authenticated;
select is((select count(*) from prop), 2::bigint, 'each resolution proposed an article');
select is((select question || ' | ' || answer || ' | ' || article_id || ' | ' || status from public.article_proposals
           where conversation_id = 'a2000000-0000-4000-8000-000000000001'),
  'Hi, I was charged twice for my October invoice. | Hi Jane, Alan here from billing. I can see both charges; I''ve started a refund for the duplicate. | a6000000-0000-4000-8000-000000000002 | pending',
  'the ticket''s question, the agent''s visible reply (not the internal note), the cited article, pending');

-- a conversation the assistant resolved alone proposes nothing
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select public.resolve_conversation('a2000000-0000-4000-8000-000000000004');
select tests.clear_authentication();
select is((select count(*) from public.article_proposals where conversation_id = 'a2000000-0000-4000-8000-000000000004'), 0::bigint,
  'no agent answer, no proposal');

-- reopening and resolving again refreshes the pending proposal instead of adding one
update public.conversations set state = 'needs_reply' where id = 'a2000000-0000-4000-8000-000000000001';
insert into public.messages (organization_id, conversation_id, sender_type, sender_id, body)
values ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'agent', 'user_acme_agent', 'The refund has landed.');
update public.conversations set state = 'resolved' where id = 'a2000000-0000-4000-8000-000000000001';
select is((select count(*) || ' ' || bool_and(answer like '%The refund has landed.') from public.article_proposals
           where conversation_id = 'a2000000-0000-4000-8000-000000000001'), '1 true', 'one proposal, with the later answer');

-- reading: members of the organization, with the escalations each would answer
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select is((select count(*) from public.article_proposals), 1::bigint, 'an Acme viewer reads Acme''s proposal only');
select is((select would_answer from public.article_proposal_list() where conversation_id = 'a2000000-0000-4000-8000-000000000001'), 1::bigint,
  'it would have answered one escalated question');
select is((select article_title from public.article_proposal_list() where conversation_id = 'a2000000-0000-4000-8000-000000000001'),
  'Understanding your invoice', 'the list names the cited article');
select tests.authenticate_as('user_consultant', 'a0000000-0000-4000-8000-000000000001');
select isnt_empty($$ select 1 from public.article_proposals p join prop using (id) where p.organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'the consultant with Acme active reads it');

-- outsiders: nothing to read, approve or dismiss
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.article_proposals where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'a Globex owner reads no Acme proposal');
select is_empty($$ select 1 from public.article_proposal_list() where conversation_id = 'a2000000-0000-4000-8000-000000000001' $$,
  'nor through the list');
select throws_ok($$ select public.approve_article_proposal((select id from prop where organization_id = 'a0000000-0000-4000-8000-000000000001')) $$,
  'PGRST', '{"code": "P0002", "hint": null, "details": null, "message": "unknown proposal"}', 'a Globex owner cannot approve an Acme proposal');
select throws_ok($$ select public.dismiss_article_proposal((select id from prop where organization_id = 'a0000000-0000-4000-8000-000000000001')) $$,
  'PGRST', null, 'nor dismiss it');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.approve_article_proposal((select id from prop where organization_id = 'a0000000-0000-4000-8000-000000000001')) $$,
  '42501', null, 'a token claiming Acme without membership cannot approve');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.article_proposals where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'the consultant with Globex active reads none');
select tests.authenticate_as_anon();
select throws_ok($$ select 1 from public.article_proposals $$, '42501', null, 'anon cannot read the table');
select throws_ok($$ select public.approve_article_proposal((select id from prop limit 1)) $$, '42501', null, 'anon cannot approve');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ update public.article_proposals set status = 'approved' $$, '42501', null, 'not even an owner writes the table directly');
select throws_ok($$ insert into public.article_proposals (organization_id, question, answer)
    values ('a0000000-0000-4000-8000-000000000001', 'q', 'a') $$, '42501', null, 'nor inserts a proposal');

-- approving: agents; the result is a draft, never published
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.approve_article_proposal((select id from prop where organization_id = 'a0000000-0000-4000-8000-000000000001')) $$,
  '42501', null, 'a viewer cannot approve');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
create temp table approved (article_id uuid);
grant select, insert on approved to authenticated;
insert into approved select public.approve_article_proposal((select id from prop where organization_id = 'a0000000-0000-4000-8000-000000000001'),
  'Charged twice?', 'A duplicate charge is refunded by our billing team.');
select is((select title || ' | ' || is_published || ' | ' || created_by from public.articles where id = (select article_id from approved)),
  'Charged twice? | false | user_acme_agent', 'approval writes an unpublished draft with the agent''s title');
select ok((select body = (select body from public.articles where id = 'a6000000-0000-4000-8000-000000000002')
             || E'\n\n## Charged twice?\n\nA duplicate charge is refunded by our billing team.'
           from public.articles where id = (select article_id from approved)),
  'the draft is the cited (published) article with the agent''s addition');
select ok((select is_published and body not like '%Charged twice?%' from public.articles where id = 'a6000000-0000-4000-8000-000000000002'),
  'the published article itself is unchanged');
select is((select status || ' ' || (result_article_id = (select article_id from approved)) || ' ' || decided_by from public.article_proposals
           where id = (select id from prop where organization_id = 'a0000000-0000-4000-8000-000000000001')),
  'approved true user_acme_agent', 'the proposal is approved and points at the draft');
select throws_ok($$ select public.approve_article_proposal((select id from prop where organization_id = 'a0000000-0000-4000-8000-000000000001')) $$,
  'PGRST', null, 'a decided proposal cannot be approved again');
-- (as the chat function's turn does it: the session's own organization, published articles only)
select tests.clear_authentication();
select is((select count(*) from jsonb_array_elements(public.widget_search_articles(
            (public.widget_start_session('wk_acme_main', 'https://acme.com')) ->> 'session_token', 'duplicate charge refunded billing team', 5) -> 'articles') a
           where (a ->> 'id')::uuid = (select article_id from approved)), 0::bigint,
  'the draft does not reach visitors');

-- dismissing
select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
select lives_ok($$ select public.dismiss_article_proposal((select id from prop where organization_id = 'b0000000-0000-4000-8000-000000000001')) $$,
  'a Globex agent dismisses Globex''s proposal');
select is((select status from public.article_proposals where id = (select id from prop where organization_id = 'b0000000-0000-4000-8000-000000000001')),
  'dismissed', 'it is dismissed');
select is((select count(*) from public.article_proposal_list()), 0::bigint, 'and leaves the pending list');
select tests.clear_authentication();

select * from finish();
rollback;
