-- The conversation state machine (issue 11): every transition, through the paths that cause it
-- (widget RPCs, agents' messages and RPCs, ticket status, direct writes of the older columns),
-- with the older columns, the ticket and the transition log kept in step.
begin;
select plan(61);

create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated;
create temp view conv as
  select c.* from public.conversations c join tok on tok.name = 'a1' and c.id = (tok.r ->> 'conversation_id')::uuid;
grant select on conv to anon, authenticated;
create function pg_temp.turn(p_name text, p_body text) returns void language sql as $$
  insert into tok select p_name, public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'), p_name, p_body) $$;
create function pg_temp.agent_says(p_body text, p_internal boolean default false) returns void language sql as $$
  insert into public.messages (organization_id, conversation_id, sender_type, body, is_internal)
  select 'a0000000-0000-4000-8000-000000000001', id, 'agent', p_body, p_internal from conv $$;
-- the transitions recorded since the previous call (one transaction shares one now(), so the
-- time cannot order them)
create temp table seen (id uuid primary key);
create function pg_temp.last_transition() returns text language sql as $$
  with fresh as (
    select t.* from public.conversation_transitions t, conv
    where t.conversation_id = conv.id and t.id not in (select id from seen)
  ), mark as (insert into seen select id from fresh)
  select string_agg(concat_ws(' ', from_state, to_state, actor_type, coalesce(actor_name, '-'), via), '; ') from fresh $$;
grant execute on function pg_temp.turn(text, text), pg_temp.agent_says(text, boolean) to anon, authenticated;

-- the seed's conversations start where their older columns say
select is((select array_agg(state::text order by id) from public.conversations where organization_id = 'a0000000-0000-4000-8000-000000000001'),
  array['with_agent', 'resolved', 'waiting_for_agent', 'bot'], 'seed: answered, resolved, escalated and fresh conversations');
select is((select waiting_since from public.conversations where id = 'a2000000-0000-4000-8000-000000000003'),
  (select escalated_at from public.conversations where id = 'a2000000-0000-4000-8000-000000000003'),
  'seed: an escalated conversation has waited since its escalation');

-- bot: the visitor and the assistant
select tests.authenticate_as_anon();
insert into tok select 'a1', public.widget_start_session('wk_acme_main', 'https://acme.com');
select tests.clear_authentication();
select is((select state::text || ' ' || (last_visitor_message_at is null) from conv), 'bot true', 'a new conversation is with the assistant, with no visitor message');
select tests.authenticate_as_anon();
select pg_temp.turn('turn-000001', 'How do I export my orders as XML?');
select tests.clear_authentication();
select is((select state from conv), 'bot', 'a visitor message keeps it with the assistant');
select is((select last_visitor_message_at from conv), now(), 'and records when the visitor last wrote');
select is(pg_temp.last_transition(), null, 'no transition yet');

-- bot -> waiting_for_agent: the visitor asks for a person
select tests.authenticate_as_anon();
insert into tok select 'esc1', public.widget_escalate((select r ->> 'session_token' from tok where name = 'a1'), 'rae@example.com', 'Rae', null);
select tests.clear_authentication();
select is((select concat_ws(' ', state, is_escalated, status, waiting_since = now()) from conv), 'waiting_for_agent t open t',
  'escalation: waiting for a person, escalated, waiting since now');
select is(pg_temp.last_transition(), 'bot waiting_for_agent visitor - escalate', 'recorded as the visitor''s escalation');
select is((select actor_id from public.conversation_transitions t, conv where t.conversation_id = conv.id),
  (select visitor_id::text from conv), 'naming the visitor');
select tests.authenticate_as_anon();
select pg_temp.turn('turn-000002', 'Anyone there?');
select tests.clear_authentication();
select is((select state::text || ' ' || (waiting_since = now()) from conv), 'waiting_for_agent true', 'more visitor messages keep it waiting, since the same time');

-- waiting_for_agent -> with_agent: an agent replies; an internal note changes nothing
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select pg_temp.agent_says('Checking with the team', true);
select tests.clear_authentication();
select is((select state from conv), 'waiting_for_agent', 'an internal note does not answer the customer');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select pg_temp.agent_says('Hi Rae, Alan here. XML export is on the Pro plan.');
select tests.clear_authentication();
select is((select concat_ws(' ', state, coalesce(waiting_since::text, 'null'), agent_name) from conv), 'with_agent null Alan',
  'an agent reply: with the agent, nobody waiting');
select is(pg_temp.last_transition(), 'waiting_for_agent with_agent agent Alan message', 'recorded as Alan''s reply');

-- with_agent -> needs_reply: the customer answers
select tests.authenticate_as_anon();
select pg_temp.turn('turn-000003', 'Thanks, how do I upgrade?');
select tests.clear_authentication();
select is((select state::text || ' ' || (waiting_since = now()) from conv), 'needs_reply true', 'the customer wrote after the agent: needs a reply');
select is(pg_temp.last_transition(), 'with_agent needs_reply visitor - message', 'recorded as the customer''s message');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select pg_temp.agent_says('Under Settings > Billing.');
select tests.clear_authentication();
select is((select state from conv), 'with_agent', 'needs_reply -> with_agent on the next agent reply');
select is(pg_temp.last_transition(), 'needs_reply with_agent agent Alan message', 'recorded as Alan''s reply');

-- a message older than the current state does not replay over it (imported history)
insert into public.messages (organization_id, conversation_id, sender_type, body, created_at)
select organization_id, id, 'visitor', 'an old message', now() - interval '1 day' from conv;
select is((select state from conv), 'with_agent', 'a message dated before the last change does not move the state');

-- one statement with an agent reply and then a customer message ends in needs_reply
insert into public.messages (organization_id, conversation_id, sender_type, sender_id, body, created_at)
select organization_id, id, 'agent'::public.sender_type, 'user_acme_agent', 'batched reply', now() + interval '1 second' from conv
union all
select organization_id, id, 'visitor', visitor_id::text, 'batched answer', now() + interval '2 seconds' from conv;
select is((select state::text || ' ' || (waiting_since = now() + interval '2 seconds') from conv), 'needs_reply true',
  'a batch ends in the state of its latest message, waiting since it');
select is(pg_temp.last_transition(), 'with_agent needs_reply visitor - message', 'one transition for the batch, by its latest message');

-- members cannot write the state columns; the RPCs are for agents of the organization
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ update public.conversations set state = 'bot' where id = (select id from conv) $$, '42501', null,
  'an agent cannot set the state directly');
select throws_ok($$ update public.conversations set waiting_since = null where id = (select id from conv) $$, '42501', null,
  'nor the waiting time');
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.resolve_conversation((select id from conv)) $$, '42501', null, 'a viewer cannot resolve');
select throws_ok($$ select public.hand_back_conversation((select id from conv)) $$, '42501', null, 'nor hand back');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.resolve_conversation((select id from conv)) $$, '42501', null, 'another organization''s owner cannot resolve');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.take_over_conversation((select id from conv)) $$, '42501', null, 'not even claiming the organization');
select tests.authenticate_as_anon();
select throws_ok($$ select public.take_over_conversation(gen_random_uuid()) $$, '42501', null, 'anon cannot call the RPCs');
select tests.clear_authentication();
select is((select state from conv), 'needs_reply', 'the refused calls changed nothing');

-- needs_reply -> resolved by an agent: the conversation and its ticket
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(public.resolve_conversation((select id from conv)), 'resolved', 'Grace resolves the conversation');
select throws_ok($$ select public.resolve_conversation((select id from conv)) $$, 'PGRST', null, 'resolving twice is refused');
select tests.clear_authentication();
select is((select concat_ws(' ', state, is_resolved, status, resolved_by, resolved_at = now(), coalesce(waiting_since::text, 'null')) from conv),
  'resolved t closed user_acme_admin t null', 'resolved: the older columns follow, naming Grace');
select is((select concat_ws(' ', t.status, t.resolved_by) from public.tickets t, conv where t.conversation_id = conv.id),
  'resolved user_acme_admin', 'and the ticket is resolved by her');
select is(pg_temp.last_transition(), 'needs_reply resolved agent Grace resolve', 'recorded as resolved by Grace');

-- resolved -> needs_reply: the customer writes within the reopen window
select tests.authenticate_as_anon();
select pg_temp.turn('turn-000004', 'It broke again');
select tests.clear_authentication();
select is((select concat_ws(' ', state, is_resolved, status, coalesce(resolved_by, 'null')) from conv), 'needs_reply f open null',
  'reopened by the customer: needs a reply, no longer resolved');
select is((select t.status::text from public.tickets t, conv where t.conversation_id = conv.id), 'open', 'the same ticket is open again');
select is((select count(*) from public.tickets t, conv where t.conversation_id = conv.id), 1::bigint, 'no second ticket');
select is(pg_temp.last_transition(), 'resolved needs_reply visitor - message', 'recorded as reopened by the customer');

-- resolving through the ticket's status moves the conversation too
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.tickets set status = 'resolved' where conversation_id = (select id from conv) $$), 1::bigint,
  'Alan resolves the ticket');
select tests.clear_authentication();
select is((select state::text || ' ' || resolved_by from conv), 'resolved user_acme_agent', 'the conversation is resolved with its ticket');
select is(pg_temp.last_transition(), 'needs_reply resolved agent Alan update', 'recorded as resolved by Alan');

-- after the reopen window the conversation starts over with the assistant; the ticket stays resolved
insert into public.messages (organization_id, conversation_id, sender_type, sender_id, body, created_at)
select organization_id, id, 'visitor', visitor_id::text, 'Hello again, a new question', now() + interval '8 days' from conv;
select is((select state from conv), 'bot', 'a message after the 7-day window goes to the assistant');
select is(pg_temp.last_transition(), 'resolved bot visitor - message', 'recorded as the customer back with the assistant');
select is((select t.status::text from public.tickets t, conv where t.conversation_id = conv.id), 'resolved', 'the old ticket stays resolved');

-- bot -> waiting_for_agent again: asking for a person reopens the same ticket
select tests.authenticate_as_anon();
insert into tok select 'esc2', public.widget_escalate((select r ->> 'session_token' from tok where name = 'a1'), 'rae@example.com', null, null);
select tests.clear_authentication();
select is((select (r ->> 'created') || ' ' || (r ->> 'ticket_ref') from tok where name = 'esc2'),
  'false ' || (select r ->> 'ticket_ref' from tok where name = 'esc1'), 'the second escalation returns the same ticket');
select is((select state::text || ' ' || t.status from conv join public.tickets t on t.conversation_id = conv.id),
  'waiting_for_agent open', 'the conversation waits for a person and its ticket is open again');
select is(pg_temp.last_transition(), 'bot waiting_for_agent visitor - escalate', 'recorded as the visitor''s second escalation');

-- hand back: any state with the team -> bot; take over: bot -> with_agent
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(public.hand_back_conversation((select id from conv)), 'bot', 'Alan hands the conversation back to the assistant');
select throws_ok($$ select public.hand_back_conversation((select id from conv)) $$, 'PGRST', null, 'a conversation with the assistant cannot be handed back');
select tests.clear_authentication();
select is(pg_temp.last_transition(), 'waiting_for_agent bot agent Alan hand_back', 'recorded as handed back by Alan');
update public.conversations set assignee_id = null where id = (select id from conv);
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(public.take_over_conversation((select id from conv)), 'with_agent', 'Grace takes over from the assistant');
select throws_ok($$ select public.take_over_conversation((select id from conv)) $$, 'PGRST', null, 'a conversation already with the team cannot be taken over');
select tests.clear_authentication();
select is((select state::text || ' ' || assignee_id from conv), 'with_agent user_acme_admin', 'with the agent, assigned to Grace');
select is(pg_temp.last_transition(), 'bot with_agent agent Grace take_over', 'recorded as Grace took over');

-- take over before any escalation (seed: the fresh Acme conversation)
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(public.take_over_conversation('a2000000-0000-4000-8000-000000000004'), 'with_agent', 'an agent takes over a conversation never escalated');
select tests.clear_authentication();
select is((select concat_ws(' ', state, is_escalated, assignee_id) from public.conversations where id = 'a2000000-0000-4000-8000-000000000004'),
  'with_agent f user_acme_agent', 'it is with the agent, not counted as an escalation, assigned to them');

-- a conversation only the assistant handled reopens to the assistant (seed: resolved by the AI)
insert into public.messages (organization_id, conversation_id, sender_type, body)
values ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000002', 'visitor', 'One more shipping question');
select is((select state::text || ' ' || is_resolved from public.conversations where id = 'a2000000-0000-4000-8000-000000000002'), 'bot false',
  'a conversation the team never had goes back to the assistant');

-- the reopen window is the organization's setting
update public.organizations set settings = settings || '{"reopen_window_days": 0}' where id = 'a0000000-0000-4000-8000-000000000001';
update public.conversations set is_resolved = true where id = 'a2000000-0000-4000-8000-000000000001';
insert into public.messages (organization_id, conversation_id, sender_type, body, created_at)
values ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'visitor', 'Next day', now() + interval '1 day');
select is((select state from public.conversations where id = 'a2000000-0000-4000-8000-000000000001'), 'bot',
  'with reopen_window_days 0, a later message goes to the assistant');

-- writers of the older columns (the ingestion API, the service role) move the state as well
select is((select concat_ws(' ', t.from_state, t.to_state, t.actor_type, t.via) from public.conversation_transitions t
           where t.conversation_id = 'a2000000-0000-4000-8000-000000000001' and t.to_state = 'resolved'),
  'with_agent resolved system update', 'is_resolved set by trusted code resolves, recorded as the system');
update public.conversations set is_escalated = true, escalated_at = null where id = 'a2000000-0000-4000-8000-000000000002';
select is((select state::text || ' ' || (escalated_at is not null) from public.conversations where id = 'a2000000-0000-4000-8000-000000000002'),
  'waiting_for_agent true', 'is_escalated set on a conversation with the assistant: waiting for a person');
update public.conversations set is_resolved = true, resolved_by = 'ai' where id = 'a2000000-0000-4000-8000-000000000002';
select is((select concat_ws(' ', t.from_state, t.to_state, t.actor_type) from public.conversation_transitions t
           where t.conversation_id = 'a2000000-0000-4000-8000-000000000002' and t.to_state = 'resolved'),
  'waiting_for_agent resolved ai', 'resolved_by ai is recorded as the assistant');
insert into public.conversations (organization_id, is_escalated, escalated_at, created_at)
values ('a0000000-0000-4000-8000-000000000001', true, now() - interval '1 hour', now() - interval '2 hours');
select is((select state::text || ' ' || (waiting_since = now() - interval '1 hour') from public.conversations
           where organization_id = 'a0000000-0000-4000-8000-000000000001' and created_at = now() - interval '2 hours'),
  'waiting_for_agent true', 'a conversation created escalated starts waiting since its escalation');

select * from finish();
rollback;
