-- Dashboard writes: an agent reply is signed by its author and records the agent's join on the
-- conversation; resolving a ticket records who and when and resolves its conversation; admins
-- cannot flag their organization as the default for strangers' sign-ups.
begin;
select plan(20);

-- agent replies (conversation a2..03 has no agent yet)
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$ insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body, is_internal) values
    ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000003', 'agent', 'user_acme_agent', 'note-1', 'Checking with the ERP team', true) $$,
  'an Acme agent adds an internal note');
select is((select agent_joined_at from public.conversations where id = 'a2000000-0000-4000-8000-000000000003'), null,
  'an internal note does not count as the agent joining');
select lives_ok($$ insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body) values
    ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000003', 'agent', 'user_acme_owner', 'reply-1', 'Hi! We can export XML.') $$,
  'an Acme agent replies, naming someone else as the sender');
select is((select sender_id from public.messages where client_msg_id = 'reply-1'), 'user_acme_agent',
  'the reply is signed by its real author, not the claimed one');
select is((select agent_name || ' ' || (agent_joined_at = (select created_at from public.messages where client_msg_id = 'reply-1'))::text
           from public.conversations where id = 'a2000000-0000-4000-8000-000000000003'),
  'Alan true', 'the first reply records the agent''s first name and join time');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
insert into public.messages (organization_id, conversation_id, sender_type, client_msg_id, body) values
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000003', 'agent', 'reply-2', 'Grace here too.');
select is((select agent_name from public.conversations where id = 'a2000000-0000-4000-8000-000000000003'), 'Alan',
  'a second agent''s reply keeps the first join');
select is((select sender_id from public.messages where client_msg_id = 'reply-2'), 'user_acme_admin', 'an agent message without a sender gets its author');
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.messages (organization_id, conversation_id, sender_type, body) values
    ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'agent', 'viewer reply') $$,
  '42501', 'new row violates row-level security policy for table "messages"', 'a viewer cannot reply');
select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.messages (organization_id, conversation_id, sender_type, body) values
    ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'agent', 'cross-tenant reply') $$,
  '42501', 'new row violates row-level security policy for table "messages"', 'a Globex agent cannot reply in an Acme conversation');
select tests.clear_authentication();
select is((select agent_joined_at from public.conversations where id = 'a2000000-0000-4000-8000-000000000004'), null,
  'refused replies record no join');

-- resolving tickets (ACM-002 is open, on conversation a2..03)
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.tickets set status = 'resolved', resolved_by = 'user_acme_owner', resolved_at = '2000-01-01'
    where id = 'a3000000-0000-4000-8000-000000000002' $$), 1::bigint, 'an Acme agent resolves a ticket');
select is((select resolved_by || ' ' || (resolved_at > now() - interval '1 minute')::text from public.tickets where id = 'a3000000-0000-4000-8000-000000000002'),
  'user_acme_agent true', 'the ticket records who resolved it and when, whatever the client sent');
select is((select concat_ws(' ', is_resolved, resolved_by, status) from public.conversations where id = 'a2000000-0000-4000-8000-000000000003'),
  't user_acme_agent closed', 'its conversation is resolved with it');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
update public.tickets set status = 'closed', resolved_by = 'user_acme_admin' where id = 'a3000000-0000-4000-8000-000000000002';
select is((select resolved_by from public.tickets where id = 'a3000000-0000-4000-8000-000000000002'), 'user_acme_agent',
  'closing a resolved ticket keeps who resolved it');
update public.tickets set status = 'open' where id = 'a3000000-0000-4000-8000-000000000002';
select is((select concat_ws(' ', t.resolved_at is null, t.resolved_by is null, c.is_resolved, c.status)
           from public.tickets t join public.conversations c on c.id = t.conversation_id where t.id = 'a3000000-0000-4000-8000-000000000002'),
  't t f open', 'reopening clears the resolution on ticket and conversation');
select is(tests.row_count($$ update public.tickets set resolved_by = 'user_acme_owner' where id = 'a3000000-0000-4000-8000-000000000002' $$), 1::bigint,
  'an open ticket accepts an update naming a resolver');
select is((select resolved_by from public.tickets where id = 'a3000000-0000-4000-8000-000000000002'), null, 'but an open ticket has no resolver');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.tickets set status = 'resolved' where id = 'a3000000-0000-4000-8000-000000000001' $$), 0::bigint,
  'a Globex owner resolves no Acme ticket');

-- the default-organization flag belongs to the operator (the seed sets it nowhere: set it here)
select tests.clear_authentication();
update public.organizations set settings = settings || '{"default_org": true}' where slug = 'acme';
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
update public.organizations set settings = settings - 'default_org' || '{"greeting": "Hello from Acme"}' where slug = 'acme';
select is((select (settings -> 'default_org')::text || ' ' || (settings ->> 'greeting') from public.organizations where slug = 'acme'),
  'true Hello from Acme', 'an owner edits settings but cannot drop the default-org flag');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
update public.organizations set settings = settings || '{"default_org": true}' where slug = 'globex';
select is((select settings ? 'default_org' from public.organizations where slug = 'globex'), false,
  'an owner cannot make their organization the default for new sign-ups');

select * from finish();
rollback;
