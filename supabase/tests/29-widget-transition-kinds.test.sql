-- Transition lines in the visitor's language (issue 17): widget_messages sends each customer-facing
-- transition's kind (and who took over) so the widget words it from its five-language catalogue.
-- private.customer_transition_kind must name exactly the transitions customer_transition_line
-- words, and the widget must read the kind, the name and the English body together.
begin;
select plan(6);

create temp table cases as
  select f, t, v
  from unnest(enum_range(null::public.conversation_state)) f,
       unnest(enum_range(null::public.conversation_state)) t,
       unnest(array['update', 'take_over', 'hand_back', 'escalate', 'assign', 'visitor_message', null]) v;
select is((select count(*) from cases
           where (private.customer_transition_kind(f, t, v) is null) <> (private.customer_transition_line(f, t, v, 'Ann') is null)),
  0::bigint, 'a transition has a kind exactly when it has a line');
select set_eq($$ select distinct private.customer_transition_kind(f, t, v), private.customer_transition_line(f, t, v, 'Ann') from cases
                 where private.customer_transition_kind(f, t, v) is not null $$,
  $$ values ('resolved', 'The conversation was marked as resolved'), ('reopened', 'The conversation was reopened'),
            ('taken_over', 'Ann from the team took over the conversation'), ('handed_back', 'You are chatting with the assistant again') $$,
  'each kind stands for one English line');

-- a visitor's conversation: taken over, handed back, taken over again, resolved
create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated, service_role;
select tests.authenticate_as_anon();
insert into tok select 'a1', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 't1', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'), 'turn-k-000001', 'A person please', 5);
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select public.take_over_conversation(((select r ->> 'conversation_id' from tok where name = 'a1'))::uuid);
select public.hand_back_conversation(((select r ->> 'conversation_id' from tok where name = 'a1'))::uuid);
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select public.take_over_conversation(((select r ->> 'conversation_id' from tok where name = 'a1'))::uuid);
select public.resolve_conversation(((select r ->> 'conversation_id' from tok where name = 'a1'))::uuid);
select tests.authenticate_as_anon();
insert into tok select 'w1', public.widget_messages((select r ->> 'session_token' from tok where name = 'a1'));
select tests.clear_authentication();
create temp view lines as
  select m ->> 'kind' as kind, m ->> 'agent_name' as agent_name, m ->> 'body' as body
  from tok, jsonb_array_elements(r -> 'messages') m where name = 'w1' and m ->> 'sender_type' = 'system';

select bag_eq($$ select kind from lines $$, array['taken_over', 'handed_back', 'taken_over', 'resolved'],
  'every transition line carries its kind');
select bag_eq($$ select agent_name from lines where kind = 'taken_over' $$, array['Alan', 'Grace'],
  'a take-over names who took over, for the widget''s own wording');
select is((select count(*) from lines where kind <> 'taken_over' and agent_name is not null), 0::bigint,
  'other lines name nobody');
select is((select count(*) from lines where kind = 'taken_over' and body <> agent_name || ' from the team took over the conversation'), 0::bigint,
  'the English body stays for widgets that do not know the kind');

select * from finish();
rollback;
