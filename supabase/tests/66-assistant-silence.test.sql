-- The silence rule (issue 11): the assistant answers only while the conversation is with it.
-- widget_chat_turn stores the visitor message either way, but outside state bot it returns
-- handled_by_team and nothing for a model (no retrieval, no history, no AI turn counted);
-- store_ai_reply drops an answer that finished after a person took over. The widget reads the
-- state and the customer-facing transition lines. The ticket subject is the visitor's question.
begin;
select plan(22);

create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated, service_role;
create temp view conv as
  select c.* from public.conversations c join tok on tok.name = 'a1' and c.id = (tok.r ->> 'conversation_id')::uuid;
grant select on conv to anon, authenticated, service_role;
create function pg_temp.turn(p_name text, p_body text) returns void language sql as $$
  insert into tok select p_name, public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'), p_name, p_body, 5) $$;
create function pg_temp.ai_turns() returns bigint language sql as $$
  select coalesce(sum(hits), 0)::bigint from private.quota_counters
  where quota = 'ai_turns_per_day' and subject = 'a0000000-0000-4000-8000-000000000001' $$;
grant execute on function pg_temp.turn(text, text) to anon;

select tests.authenticate_as_anon();
insert into tok select 'a1', public.widget_start_session('wk_acme_main', 'https://acme.com');
select pg_temp.turn('turn-000001', 'Hi there');
select tests.clear_authentication();
create temp table before_turns as select pg_temp.ai_turns() as n;

-- state bot: the assistant's turn
select is((select r -> 'handled_by_team' from tok where name = 'turn-000001'), 'false'::jsonb, 'with the assistant: not handled by the team');
select ok((select r ? 'retrieval' and r ? 'history' from tok where name = 'turn-000001'), 'retrieval and history for the model');
set local role service_role;
insert into tok select 'ai1', public.store_ai_reply((select id from conv), (select r ->> 'reply_key' from tok where name = 'turn-000001'),
  'Hello! How can I help?', '{"confidence": 0.9}');
reset role;
select is((select r -> 'silenced' from tok where name = 'ai1'), 'false'::jsonb, 'the assistant''s answer is stored');

select tests.authenticate_as_anon();
select pg_temp.turn('turn-000002', 'Can I export orders as XML?');
select tests.clear_authentication();
set local role service_role;
insert into tok select 'ai2', public.store_ai_reply((select id from conv), (select r ->> 'reply_key' from tok where name = 'turn-000002'),
  'I''m not sure about XML exports.',
  jsonb_build_object('confidence', 0.3, 'offer_human', true, 'in_reply_to', (select r ->> 'id' from tok where name = 'turn-000002')));
reset role;
select tests.authenticate_as_anon();
select pg_temp.turn('turn-000003', 'Yes please, a person');
select tests.clear_authentication();

-- the ticket subject: the question the assistant could not answer, not the greeting nor the last message
select tests.authenticate_as_anon();
insert into tok select 'esc', public.widget_escalate((select r ->> 'session_token' from tok where name = 'a1'), 'rae@example.com', 'Rae', null);
select tests.clear_authentication();
select is((select subject || ' | ' || original_query from public.tickets t, conv where t.conversation_id = conv.id),
  'Can I export orders as XML? | Can I export orders as XML?', 'the ticket''s subject is the question the assistant offered a person for');

-- waiting_for_agent: the team has it; the message is stored, the model gets nothing
create temp table turns_before_silence as select pg_temp.ai_turns() as n;
select tests.authenticate_as_anon();
select pg_temp.turn('turn-000004', 'Hello? Is someone there?');
select tests.clear_authentication();
select is((select r -> 'handled_by_team' from tok where name = 'turn-000004'), 'true'::jsonb, 'escalated: handled by the team');
select is((select r ->> 'state' from tok where name = 'turn-000004'), 'waiting_for_agent', 'naming the state');
select ok((select not (r ? 'retrieval') and not (r ? 'history') and not (r ? 'ai_over_budget') from tok where name = 'turn-000004'),
  'no retrieval, history or budget answer for a model');
select is((select count(*) from public.messages m, conv where m.conversation_id = conv.id and m.client_msg_id = 'turn-000004'), 1::bigint,
  'the visitor message is stored');
select is(pg_temp.ai_turns(), (select n from turns_before_silence), 'no AI turn is counted');

-- an answer that finished streaming after the hand-over is dropped
set local role service_role;
insert into tok select 'ai4', public.store_ai_reply((select id from conv), (select r ->> 'reply_key' from tok where name = 'turn-000004'),
  'A late AI answer', '{}');
reset role;
select is((select r ->> 'silenced' || ' ' || (r ->> 'state') from tok where name = 'ai4'), 'true waiting_for_agent', 'store_ai_reply says it was silenced');
select is((select count(*) from public.messages m, conv where m.conversation_id = conv.id and m.body = 'A late AI answer'), 0::bigint,
  'and stores no AI message');
set local role service_role;
insert into tok select 'ai1-again', public.store_ai_reply((select id from conv), (select r ->> 'reply_key' from tok where name = 'turn-000001'),
  'Hello! How can I help?', '{}');
reset role;
select is((select r ->> 'duplicate' from tok where name = 'ai1-again'), 'true', 'a reply stored before the hand-over is still replayed');

-- with_agent and needs_reply: still silent
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
insert into public.messages (organization_id, conversation_id, sender_type, body)
select organization_id, id, 'agent', 'Hi Rae, Alan here.' from conv;
select tests.authenticate_as_anon();
select pg_temp.turn('turn-000005', 'Great, thanks');
select tests.clear_authentication();
select is((select (r ->> 'handled_by_team') || ' ' || (r ->> 'state') || ' ' || (r ->> 'agent_name') from tok where name = 'turn-000005'),
  'true needs_reply Alan', 'after an agent reply the visitor''s answer needs a reply from the team, not the assistant');
select is((select count(*) from public.messages m, conv where m.conversation_id = conv.id and m.sender_type = 'ai'), 2::bigint,
  'the assistant said nothing after the hand-over');

-- handed back: the assistant answers again
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select public.hand_back_conversation((select id from conv));
select tests.authenticate_as_anon();
select pg_temp.turn('turn-000006', 'One more question for the bot');
select tests.clear_authentication();
select is((select r -> 'handled_by_team' from tok where name = 'turn-000006'), 'false'::jsonb, 'handed back: the assistant answers');
select ok((select r ? 'retrieval' from tok where name = 'turn-000006'), 'with retrieval');
select is(pg_temp.ai_turns(), (select n from turns_before_silence) + 1, 'and the turn is counted');
select ok((select not exists (select 1 from jsonb_array_elements(r -> 'history') h where h ->> 'sender_type' = 'system')
           from tok where name = 'turn-000006'), 'the model''s history holds no system lines');

-- what the widget reads
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select public.take_over_conversation((select id from conv));
select public.resolve_conversation((select id from conv));
select tests.authenticate_as_anon();
insert into tok select 'w1', public.widget_messages((select r ->> 'session_token' from tok where name = 'a1'));
select tests.clear_authentication();
select is((select r -> 'conversation' ->> 'state' || ' ' || (r -> 'conversation' ->> 'handled_by_team') from tok where name = 'w1'),
  'resolved true', 'the widget reads the state');
select set_eq($$ select m ->> 'body' from tok, jsonb_array_elements(r -> 'messages') m where name = 'w1' and m ->> 'sender_type' = 'system' $$,
  array['You are chatting with the assistant again', 'Grace from the team took over the conversation', 'The conversation was marked as resolved'],
  'system lines for the hand-back, the take-over and the resolution; none for the escalation or the agent''s reply');
select is((select count(*) from tok, jsonb_array_elements(r -> 'messages') m where name = 'w1' and m ->> 'sender_type' = 'system' and m ->> 'body' ~ 'Alan|Rae|visitor'),
  0::bigint, 'no line names the customer or repeats an agent''s reply');

-- a conversation without an assistant offer: the subject is the visitor's latest question
select tests.authenticate_as_anon();
insert into tok select 'b1', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 'b1-1', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'b1'), 'turn-b-000001', 'hello');
-- one transaction gives both turns the same now(): the greeting is dated a minute earlier, as
-- separate requests would have dated it (the owner may; members cannot update messages)
select tests.clear_authentication();
update public.messages set created_at = created_at - interval '1 minute' where id = (select (r ->> 'id')::uuid from tok where name = 'b1-1');
select tests.authenticate_as_anon();
insert into tok select 'b1-2', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'b1'), 'turn-b-000002', 'My parcel arrived damaged');
insert into tok select 'b1-esc', public.widget_escalate((select r ->> 'session_token' from tok where name = 'b1'), 'sam@example.com', null, null);
select tests.clear_authentication();
select is((select t.subject from public.tickets t where t.id = (select (r ->> 'ticket_id')::uuid from tok where name = 'b1-esc')),
  'My parcel arrived damaged', 'without an offer, the subject is the visitor''s latest message, not the greeting');

select * from finish();
rollback;
