-- Transcripts are append-only for people: no member rewrites a message's body, sender, time or
-- visibility; what a member appends is an agent message signed by them and stamped now; and the
-- resolver of a ticket or conversation is always the member who resolved it.
begin;
select plan(27);

create temp table before_hash on commit drop as select md5(m::text) as h from public.messages m where id = 'a5000000-0000-4000-8000-000000000004';

-- no update of messages for members
select ok(not has_any_column_privilege('authenticated', 'public.messages', 'UPDATE'),
  'authenticated holds no UPDATE privilege on any column of messages');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ update public.messages set body = 'I never offered a refund.' where id = 'a5000000-0000-4000-8000-000000000004' $$,
  '42501', null, 'the author cannot rewrite the body of their own reply');
select throws_ok($$ update public.messages set body = 'Never mind, all sorted.' where id = 'a5000000-0000-4000-8000-000000000001' $$,
  '42501', null, 'an agent cannot rewrite what the visitor said');
select throws_ok($$ update public.messages set sender_id = 'user_acme_owner' where id = 'a5000000-0000-4000-8000-000000000004' $$,
  '42501', null, 'an agent cannot change who sent a message');
select throws_ok($$ update public.messages set sender_type = 'visitor' where id = 'a5000000-0000-4000-8000-000000000004' $$,
  '42501', null, 'an agent cannot change the kind of sender');
select throws_ok($$ update public.messages set created_at = now() - interval '1 year' where id = 'a5000000-0000-4000-8000-000000000004' $$,
  '42501', null, 'an agent cannot move a message in time');
select throws_ok($$ update public.messages set is_internal = false where id = 'a5000000-0000-4000-8000-000000000005' $$,
  '42501', null, 'an agent cannot turn an internal note into a visible reply');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ update public.messages set body = 'edited by the owner' where id = 'a5000000-0000-4000-8000-000000000004' $$,
  '42501', null, 'not even the owner rewrites a message');
select tests.clear_authentication();
select is((select md5(m::text) from public.messages m where id = 'a5000000-0000-4000-8000-000000000004'), (select h from before_hash),
  'the reply is unchanged');

-- appending: an agent message, signed by the member, stamped now
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.messages (organization_id, conversation_id, sender_type, sender_id, body) values
    ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'visitor', 'a4000000-0000-4000-8000-000000000001', 'Please close my account') $$,
  '42501', 'new row violates row-level security policy for table "messages"', 'an agent cannot post as the visitor');
select throws_ok($$ insert into public.messages (organization_id, conversation_id, sender_type, body) values
    ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'ai', 'As an AI I promise a full refund') $$,
  '42501', 'new row violates row-level security policy for table "messages"', 'nor as the AI');
select throws_ok($$ insert into public.messages (organization_id, conversation_id, sender_type, body) values
    ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'system', 'Visitor accepted the terms') $$,
  '42501', 'new row violates row-level security policy for table "messages"', 'nor as the system');
select lives_ok($$ insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body, created_at) values
    ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'agent', 'user_acme_owner', 't61-late', 'Sorry for the wait',
     now() - interval '2 days') $$,
  'an agent replies (positive control), claiming another sender and an earlier time');
select tests.clear_authentication();
select is((select sender_id || ' ' || (created_at = now())::text from public.messages where client_msg_id = 't61-late'), 'user_acme_agent true',
  'the reply is signed by its author and stamped with the time it was written');

-- tickets: the resolver is the member, on insert as on update
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
insert into public.tickets (id, organization_id, subject, status, resolved_by, resolved_at) values
  ('a3000000-0000-4000-8000-0000000000e1', 'a0000000-0000-4000-8000-000000000001', 'Resolved on arrival', 'resolved', 'user_acme_owner', '2000-01-01');
select is((select resolved_by || ' ' || (resolved_at = now())::text from public.tickets where id = 'a3000000-0000-4000-8000-0000000000e1'),
  'user_acme_agent true', 'a ticket inserted as resolved names the member who inserted it, not the resolver they sent');
insert into public.tickets (id, organization_id, subject, status, resolved_by, resolved_at) values
  ('a3000000-0000-4000-8000-0000000000e2', 'a0000000-0000-4000-8000-000000000001', 'Open with a resolver', 'open', 'user_acme_owner', now());
select is((select concat_ws(' ', resolved_by, resolved_at) from public.tickets where id = 'a3000000-0000-4000-8000-0000000000e2'), '',
  'an open ticket inserted with a resolver has none');
select tests.clear_authentication();
insert into public.tickets (id, organization_id, subject, status, resolved_by) values
  ('a3000000-0000-4000-8000-0000000000e3', 'a0000000-0000-4000-8000-000000000001', 'Resolved by the AI', 'resolved', 'ai');
select is((select resolved_by from public.tickets where id = 'a3000000-0000-4000-8000-0000000000e3'), 'ai',
  'trusted code still names the resolver (positive control)');

-- conversations: the same, on is_resolved
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
insert into public.conversations (id, organization_id, status, is_resolved, resolved_by, resolved_at) values
  ('a2000000-0000-4000-8000-0000000000e1', 'a0000000-0000-4000-8000-000000000001', 'closed', true, 'user_globex_owner', '2000-01-01');
select is((select resolved_by || ' ' || (resolved_at = now())::text from public.conversations where id = 'a2000000-0000-4000-8000-0000000000e1'),
  'user_acme_agent true', 'a conversation inserted as resolved names the member, not the resolver they sent');
select is(tests.row_count($$ update public.conversations set is_resolved = true, status = 'closed', resolved_by = 'user_acme_owner', resolved_at = '2000-01-01'
    where id = 'a2000000-0000-4000-8000-000000000004' $$), 1::bigint, 'an agent resolves a conversation');
select is((select resolved_by || ' ' || (resolved_at = now())::text from public.conversations where id = 'a2000000-0000-4000-8000-000000000004'),
  'user_acme_agent true', 'it records the agent and the time, whatever the client sent');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.conversations set resolved_by = 'user_acme_owner' where id = 'a2000000-0000-4000-8000-000000000004' $$), 1::bigint,
  'another member updates the resolved conversation naming a resolver');
select is((select resolved_by from public.conversations where id = 'a2000000-0000-4000-8000-000000000004'), 'user_acme_agent',
  'but the resolver stays the one who resolved it');
select is(tests.row_count($$ update public.conversations set resolved_by = 'user_acme_owner', resolved_at = now() where id = 'a2000000-0000-4000-8000-000000000003' $$),
  1::bigint, 'a member updates an unresolved conversation naming a resolver');
select is((select concat_ws(' ', resolved_by, resolved_at) from public.conversations where id = 'a2000000-0000-4000-8000-000000000003'), '',
  'but an unresolved conversation has no resolver');
update public.conversations set is_resolved = false, status = 'open' where id = 'a2000000-0000-4000-8000-000000000004';
select is((select concat_ws(' ', is_resolved, resolved_by, resolved_at) from public.conversations where id = 'a2000000-0000-4000-8000-000000000004'), 'f',
  'reopening clears the resolution');

-- resolving a ticket still resolves its conversation in the ticket's name
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
update public.tickets set status = 'resolved' where id = 'a3000000-0000-4000-8000-000000000002';
select is((select concat_ws(' ', c.is_resolved, c.resolved_by, c.resolved_at = t.resolved_at) from public.conversations c
    join public.tickets t on t.conversation_id = c.id where t.id = 'a3000000-0000-4000-8000-000000000002'),
  't user_acme_agent t', 'a ticket''s resolution reaches its conversation with the same resolver and time');
select tests.clear_authentication();
update public.conversations set is_resolved = true, resolved_by = 'ai', resolved_at = '2026-11-01' where id = 'a2000000-0000-4000-8000-000000000004';
select is((select resolved_by from public.conversations where id = 'a2000000-0000-4000-8000-000000000004'), 'ai',
  'trusted code still names a conversation''s resolver (positive control)');

select * from finish();
rollback;
