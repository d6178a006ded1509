-- Canned responses and labels (issue 17): the isolation matrix of each table, and their own
-- rules: personal responses are their owner's alone, shortcuts and label names are unique in
-- their scope, a label never crosses organizations, and label_counts counts only the caller's.
begin;
select plan(140);

-- canned_responses: a shared response (admins write it)
select * from tests.rls_matrix(
  'public.canned_responses',
  $$id = 'a9000000-0000-4000-8000-000000000001'$$,
  $$insert into public.canned_responses (organization_id, shortcut, title, body)
    values ('a0000000-0000-4000-8000-000000000001', 'matrix-new', 'Matrix', 'Hello')$$,
  $$shortcut = 'matrix-new'$$,
  $$title = 'Changed by the matrix'$$,
  'admin', 'admin', 'admin');

-- personal responses
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$insert into public.canned_responses (organization_id, owner_id, shortcut, title, body)
  values ('a0000000-0000-4000-8000-000000000001', 'user_acme_agent', 'mine', 'Mine', 'Bye')$$,
  'an agent adds a personal response');
select throws_ok($$insert into public.canned_responses (organization_id, owner_id, shortcut, title, body)
  values ('a0000000-0000-4000-8000-000000000001', 'user_acme_admin', 'theirs', 'Theirs', 'Bye')$$,
  '42501', null, 'an agent cannot add a personal response in a colleague''s name');
select is((select count(*) from public.canned_responses where shortcut in ('greeting', 'refund-policy', 'sign-off', 'mine')), 4::bigint,
  'an agent reads the shared responses and their own personal ones');
select throws_ok($$update public.canned_responses set owner_id = null where shortcut = 'mine'$$, '42501', null,
  'a personal response cannot be turned into a shared one');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$select 1 from public.canned_responses where owner_id is not null$$,
  'an admin does not read a colleague''s personal responses');
select is(tests.row_count($$update public.canned_responses set title = 'x' where id = 'a9000000-0000-4000-8000-000000000003'$$), 0::bigint,
  'an admin does not edit a colleague''s personal response');
select is(tests.row_count($$delete from public.canned_responses where id = 'a9000000-0000-4000-8000-000000000003'$$), 0::bigint,
  'an admin does not delete a colleague''s personal response');
select throws_ok($$insert into public.canned_responses (organization_id, shortcut, title, body)
  values ('a0000000-0000-4000-8000-000000000001', 'greeting', 'Again', 'Hi')$$,
  '23505', null, 'a shared shortcut is unique in the organization');
select throws_ok($$insert into public.canned_responses (organization_id, shortcut, title, body)
  values ('a0000000-0000-4000-8000-000000000001', 'Not A Slug', 'Bad', 'Hi')$$,
  '23514', null, 'a shortcut is lower-case letters, digits and dashes');
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$insert into public.canned_responses (organization_id, owner_id, shortcut, title, body)
  values ('a0000000-0000-4000-8000-000000000001', 'user_acme_viewer', 'viewer', 'Viewer', 'Hi')$$,
  '42501', null, 'a viewer (who cannot reply) keeps no personal responses');
select tests.clear_authentication();

-- labels: admins define them
select * from tests.rls_matrix(
  'public.labels',
  $$id = 'aa000000-0000-4000-8000-000000000002'$$,
  $$insert into public.labels (organization_id, name, color) values ('a0000000-0000-4000-8000-000000000001', 'matrix', '#123456')$$,
  $$name = 'matrix'$$,
  $$color = '#654321'$$,
  'admin', 'admin', 'admin');

-- conversation_labels: agents add and remove them, nobody updates one
select * from tests.rls_matrix(
  'public.conversation_labels',
  $$conversation_id = 'a2000000-0000-4000-8000-000000000001' and label_id = 'aa000000-0000-4000-8000-000000000001'$$,
  $$insert into public.conversation_labels (organization_id, conversation_id, label_id)
    values ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'aa000000-0000-4000-8000-000000000002')$$,
  $$conversation_id = 'a2000000-0000-4000-8000-000000000001' and label_id = 'aa000000-0000-4000-8000-000000000002'$$,
  $$created_by = 'someone'$$);

-- ticket_labels: the same for tickets
select * from tests.rls_matrix(
  'public.ticket_labels',
  $$ticket_id = 'a3000000-0000-4000-8000-000000000001' and label_id = 'aa000000-0000-4000-8000-000000000001'$$,
  $$insert into public.ticket_labels (organization_id, ticket_id, label_id)
    values ('a0000000-0000-4000-8000-000000000001', 'a3000000-0000-4000-8000-000000000001', 'aa000000-0000-4000-8000-000000000002')$$,
  $$ticket_id = 'a3000000-0000-4000-8000-000000000001' and label_id = 'aa000000-0000-4000-8000-000000000002'$$,
  $$created_by = 'someone'$$);

select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$insert into public.labels (organization_id, name) values ('a0000000-0000-4000-8000-000000000001', 'BILLING')$$,
  '23505', null, 'a label name is unique in the organization whatever its case');
select throws_ok($$insert into public.labels (organization_id, name, color) values ('a0000000-0000-4000-8000-000000000001', 'red', 'red')$$,
  '23514', null, 'a label colour is #rrggbb');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$insert into public.conversation_labels (organization_id, conversation_id, label_id)
  values ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'ba000000-0000-4000-8000-000000000001')$$,
  '23503', null, 'another organization''s label cannot go on a conversation');
select throws_ok($$insert into public.ticket_labels (organization_id, ticket_id, label_id)
  values ('a0000000-0000-4000-8000-000000000001', 'a3000000-0000-4000-8000-000000000001', 'ba000000-0000-4000-8000-000000000001')$$,
  '23503', null, 'another organization''s label cannot go on a ticket');
select results_eq($$select name, conversations, tickets from public.label_counts(now() - interval '30 days', now() + interval '1 day') where name = 'billing'$$,
  $$values ('billing'::text, 1::bigint, 1::bigint)$$,
  'label_counts counts the labelled conversations and tickets of the period');
select is((select count(*) from public.label_counts(now() + interval '1 day', now() + interval '2 days') where conversations > 0 or tickets > 0), 0::bigint,
  'label_counts counts nothing outside the period');
select results_eq($$select open_conversations from public.inbox_label_counts() where name = 'vip'$$, $$values (1::bigint)$$,
  'inbox_label_counts counts the open conversations carrying a label');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is((select array_agg(name) from public.inbox_label_counts()), array['reactor'], 'inbox_label_counts lists only the caller''s organization''s labels');
select is((select array_agg(name) from public.label_counts(now() - interval '30 days', now() + interval '1 day')), array['reactor'],
  'label_counts lists only the caller''s organization''s labels');
select tests.authenticate_as_anon();
select throws_ok($$select * from public.label_counts(now() - interval '1 day', now())$$, '42501', null, 'anon cannot count labels');
select tests.clear_authentication();

select * from finish();
rollback;
