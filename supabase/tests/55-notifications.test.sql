-- Notifications (issue 17): triggers write them for escalations (agents and above) and visitor
-- replies (the assignee), one unread per conversation and kind; each member reads, marks read
-- and clears only their own; nobody inserts them through the API.
begin;
select plan(22);

insert into public.conversations (id, organization_id, website_id)
values ('a9550000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001');
select is((select count(*) from public.notifications where conversation_id = 'a9550000-0000-4000-8000-000000000001'), 0::bigint,
  'a new conversation with the assistant notifies nobody');
select private.move_conversation('a0000000-0000-4000-8000-000000000001', 'a9550000-0000-4000-8000-000000000001', 'waiting_for_agent',
  '{"type": "system", "via": "escalate"}', array['bot']::public.conversation_state[]);
select set_eq($$ select user_id from public.notifications where conversation_id = 'a9550000-0000-4000-8000-000000000001' and kind = 'escalation' $$,
  $$ select user_id from public.organization_members where organization_id = 'a0000000-0000-4000-8000-000000000001' and role >= 'agent' $$,
  'an escalation notifies every agent, admin and owner of the organization');
select is_empty($$ select 1 from public.notifications where user_id = 'user_acme_viewer' $$, 'a viewer is not notified');

update public.conversations set assignee_id = 'user_acme_agent' where id = 'a9550000-0000-4000-8000-000000000001';
insert into public.messages (id, organization_id, conversation_id, sender_type, body)
values ('a9550000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'a9550000-0000-4000-8000-000000000001', 'visitor', 'Still there?');
select is((select message_id from public.notifications where user_id = 'user_acme_agent' and kind = 'visitor_reply'
           and conversation_id = 'a9550000-0000-4000-8000-000000000001'), 'a9550000-0000-4000-8000-000000000002'::uuid,
  'a visitor''s reply notifies the assignee');
insert into public.messages (id, organization_id, conversation_id, sender_type, body)
values ('a9550000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'a9550000-0000-4000-8000-000000000001', 'visitor', 'Hello?');
select is((select count(*) || '/' || max(message_id::text) from public.notifications where user_id = 'user_acme_agent' and kind = 'visitor_reply'
           and conversation_id = 'a9550000-0000-4000-8000-000000000001'), '1/a9550000-0000-4000-8000-000000000003',
  'a second reply bumps the unread notification instead of adding one');
select is((select count(*) from public.notifications where kind = 'visitor_reply' and user_id <> 'user_acme_agent'
           and conversation_id = 'a9550000-0000-4000-8000-000000000001'), 0::bigint, 'nobody but the assignee is told of the reply');

-- each member sees and changes only their own
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is((select count(*) from public.notifications where user_id <> 'user_acme_agent'), 0::bigint, 'an agent sees only their own notifications');
select is((select count(*) from public.notifications where conversation_id = 'a9550000-0000-4000-8000-000000000001'), 2::bigint,
  'an agent sees their escalation and reply notifications');
select is(tests.row_count($$ update public.notifications set read_at = now() where kind = 'visitor_reply'
  and conversation_id = 'a9550000-0000-4000-8000-000000000001' $$), 1::bigint,
  'an agent marks their notification read');
select throws_ok($$ update public.notifications set user_id = 'user_acme_admin' $$, '42501', null, 'a notification cannot be handed to someone else');
select throws_ok($$ insert into public.notifications (organization_id, user_id, kind, conversation_id)
  values ('a0000000-0000-4000-8000-000000000001', 'user_acme_admin', 'escalation', 'a9550000-0000-4000-8000-000000000001') $$,
  '42501', null, 'members cannot insert notifications');
select lives_ok($$ insert into public.notification_preferences (organization_id, user_id, escalation_emails, desk_alerts)
  values ('a0000000-0000-4000-8000-000000000001', 'user_acme_agent', true, true) $$, 'a member opts in to browser alerts');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.notifications set read_at = now() where user_id = 'user_acme_agent' $$), 0::bigint,
  'an admin cannot mark an agent''s notifications read');
select is(tests.row_count($$ delete from public.notifications where user_id = 'user_acme_agent' $$), 0::bigint,
  'an admin cannot clear an agent''s notifications');
select is(tests.row_count($$ delete from public.notifications where conversation_id = 'a9550000-0000-4000-8000-000000000001' $$), 1::bigint,
  'an admin clears their own');

-- outsiders
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.notifications where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'a Globex owner sees no Acme notification');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.notifications $$, 'a Globex owner whose token claims Acme sees nothing');
select is(tests.row_count($$ update public.notifications set read_at = now() $$), 0::bigint,
  'a Globex owner whose token claims Acme marks nothing read');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.notifications where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'the consultant with Globex active sees no Acme notification');
select is(tests.row_count($$ delete from public.notifications $$), 0::bigint, 'the consultant with Globex active clears nothing of Acme');
select tests.authenticate_as_anon();
select throws_ok($$ select 1 from public.notifications $$, '42501', null, 'anon cannot read notifications');
select throws_ok($$ delete from public.notifications $$, '42501', null, 'anon cannot delete notifications');
select tests.clear_authentication();

select * from finish();
rollback;
