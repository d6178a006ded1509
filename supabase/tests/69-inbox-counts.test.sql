-- inbox_counts(): the six inbox views and the caller's unread badge in one call, under RLS.
begin;
select plan(12);

-- Acme's four conversations in known states, plus one where the visitor never wrote
select tests.clear_authentication();
update public.conversations set state = 'with_agent', waiting_since = null, assignee_id = 'user_acme_agent'
  where id = 'a2000000-0000-4000-8000-000000000001';
update public.conversations set state = 'resolved', waiting_since = null where id = 'a2000000-0000-4000-8000-000000000002';
update public.conversations set state = 'waiting_for_agent', waiting_since = now() - interval '4 hours', assignee_id = null
  where id = 'a2000000-0000-4000-8000-000000000003';
update public.conversations set state = 'needs_reply', waiting_since = now() - interval '30 minutes', assignee_id = null
  where id = 'a2000000-0000-4000-8000-000000000004';
insert into public.conversations (id, organization_id, state, waiting_since, assignee_id)
  values ('a2000000-0000-4000-8000-0000000000e1', 'a0000000-0000-4000-8000-000000000001', 'waiting_for_agent', now(), 'user_acme_agent');

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select results_eq($$ select needs_reply, mine, unassigned, waiting_on_customer, resolved, all_conversations from public.inbox_counts() $$,
  $$ values (2::bigint, 1::bigint, 2::bigint, 1::bigint, 1::bigint, 4::bigint) $$,
  'an Acme agent gets each view''s count; the conversation without a visitor message counts nowhere');
select is((select unread from public.inbox_counts()), 3::bigint, 'three open conversations are unread for them before opening any');
select lives_ok($$ select public.mark_conversation_read('a2000000-0000-4000-8000-000000000003') $$, 'they open one');
select is((select unread from public.inbox_counts()), 2::bigint, 'and the badge drops by one');
select is((select count(*) from public.conversations where state in ('waiting_for_agent', 'needs_reply') and last_visitor_message_at is not null),
  (select needs_reply from public.inbox_counts()), 'needs_reply matches the rows the list shows');

select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is((select mine from public.inbox_counts()), 0::bigint, '"mine" is the caller''s own: the Acme admin has none');
select is((select unread from public.inbox_counts()), 3::bigint, 'and the agent''s opening does not clear the admin''s badge');

select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
select is((select all_conversations from public.inbox_counts()),
  (select count(*) from public.conversations where organization_id = 'b0000000-0000-4000-8000-000000000001' and last_visitor_message_at is not null),
  'a Globex agent counts Globex''s conversations only');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is((select needs_reply + resolved + waiting_on_customer from public.inbox_counts()),
  (select count(*) from public.conversations where organization_id = 'b0000000-0000-4000-8000-000000000001' and last_visitor_message_at is not null
     and state in ('waiting_for_agent', 'needs_reply', 'resolved', 'with_agent')),
  'the consultant with Globex active counts Globex''s conversations, none of Acme''s');
select tests.authenticate_as('user_acme_agent', 'b0000000-0000-4000-8000-000000000001');
select results_eq($$ select all_conversations, unread from public.inbox_counts() $$, $$ values (0::bigint, 0::bigint) $$,
  'an Acme agent claiming Globex counts nothing');

select tests.authenticate_as_anon();
select throws_ok($$ select * from public.inbox_counts() $$, '42501', null, 'anon (and so a visitor) may not call it');
select tests.clear_authentication();
select is((select provolatile = 's' and not prosecdef from pg_proc where oid = 'public.inbox_counts()'::regprocedure), true,
  'inbox_counts is a stable security invoker function (RLS decides)');

select * from finish();
rollback;
