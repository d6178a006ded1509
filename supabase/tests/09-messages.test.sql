-- messages: members read, agents append, nobody updates, admins delete; a message stays in its conversation's org.
begin;
select plan(36);

select * from tests.rls_matrix(
  'public.messages',
  $$id = 'a5000000-0000-4000-8000-000000000001'$$,
  $$insert into public.messages (id, organization_id, conversation_id, sender_type, sender_id, body, is_internal)
    values ('a5000000-0000-4000-8000-0000000000f1', 'a0000000-0000-4000-8000-000000000001',
            'a2000000-0000-4000-8000-000000000001', 'agent', 'user_acme_agent', 'Internal: refund approved', true)$$,
  $$id = 'a5000000-0000-4000-8000-0000000000f1'$$,
  $$metadata = '{"flagged": true}'$$,
  insert_role => 'agent', update_role => 'agent', delete_role => 'admin'
);

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.messages (organization_id, conversation_id, sender_type, body) values
    ('a0000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000001', 'agent', 'hello Globex') $$,
  '23503', null, 'an Acme message cannot point at a Globex conversation');
select throws_ok($$ update public.messages set organization_id = 'b0000000-0000-4000-8000-000000000001' where id = 'a5000000-0000-4000-8000-000000000002' $$,
  '42501', null, 'a message cannot move to another organization (no update privilege)');
select lives_ok($$ insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body) values
    ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'agent', 'user_acme_agent', 'm-1', 'Hi, how can I help?') $$,
  'an agent replies with an idempotency key (positive control)');
select throws_ok($$ insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body) values
    ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'agent', 'user_acme_agent', 'm-1', 'Hi, how can I help?') $$,
  '23505', null, 'a retried write with the same client_msg_id is rejected');
select throws_ok($$ insert into public.messages (organization_id, conversation_id, sender_type, body) values
    ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'agent', '') $$,
  '23514', null, 'an empty message body is rejected');
select is((select last_message_at from public.conversations where id = 'a2000000-0000-4000-8000-000000000004'),
  (select max(created_at) from public.messages where conversation_id = 'a2000000-0000-4000-8000-000000000004'),
  'a new message bumps conversations.last_message_at');

select * from finish();
rollback;
