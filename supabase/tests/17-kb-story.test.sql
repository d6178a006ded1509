-- Issue 12's new-user story in the database: a personal organization starts with a first website
-- (its widget can run at once), and a question asked before a hand-back is not a repeated
-- question after it (only questions since the assistant last got the conversation count).
begin;
select plan(12);

create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated, service_role;

create function pg_temp.ev(id text, email text, first text) returns jsonb language sql as $$
  select jsonb_build_object('type', 'user.created', 'data', jsonb_build_object(
    'id', id, 'first_name', first, 'last_name', 'Story', 'primary_email_address_id', 'idn_1',
    'email_addresses', jsonb_build_array(jsonb_build_object('id', 'idn_1', 'email_address', email,
      'verification', jsonb_build_object('status', 'verified')))))
$$;

-- a first website at sign-up: the email's domain, or a placeholder for a free-mail address
insert into tok select 'kim', public.sync_clerk_user('msg_pgtap17_1', pg_temp.ev('user_kim17', 'kim@bonsai-17.example', 'Kim'));
insert into tok select 'lee', public.sync_clerk_user('msg_pgtap17_2', pg_temp.ev('user_lee17', 'lee@gmail.com', 'Lee'));
select is((select w.name || ' | ' || w.domain || ' | ' || array_to_string(w.allowed_origins, ',')
           from public.websites w join public.organization_members m on m.organization_id = w.organization_id
           where m.user_id = 'user_kim17'),
  'Kim Story''s website | bonsai-17.example | https://bonsai-17.example,https://www.bonsai-17.example',
  'a sign-up''s personal organization gets a first website on their email''s domain');
select is((select w.domain = o.slug || '.example' and w.allowed_origins = '{}'
           from public.websites w join public.organizations o on o.id = w.organization_id
           join public.organization_members m on m.organization_id = o.id where m.user_id = 'user_lee17'),
  true, 'a free-mail address gets a placeholder domain and no origin');
select ok((select w.public_key ~ '^wk_[0-9a-f]{32}$' from public.websites w join public.organization_members m on m.organization_id = w.organization_id
           where m.user_id = 'user_kim17'), 'with a widget key issued by the database');
select tests.authenticate_as('user_kim17', (select organization_id from public.organization_members where user_id = 'user_kim17'));
select is((select count(*) from public.websites), 1::bigint, 'the owner reads their one website');
select is((select count(*) from public.websites where organization_id = 'a0000000-0000-4000-8000-000000000001'), 0::bigint, 'and no other organization''s');
select tests.clear_authentication();
select is((select count(*) from public.websites w join public.organization_members m on m.organization_id = w.organization_id
           where m.user_id = 'user_acme_agent'), 3::bigint, 'organizations that existed before keep exactly their websites');

-- repeated_question after a hand-back
select tests.authenticate_as_anon();
insert into tok select 's', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 't1', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 's'),
  'turn-17-000001', 'How long does shipping take?');
insert into tok select 't2', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 's'),
  'turn-17-000002', 'how long does the shipping take');
select is((select r ->> 'repeated_question' from tok where name = 't2'), 'true', 'the same question twice with the assistant is repeated');
insert into tok select 'esc', public.widget_escalate((select r ->> 'session_token' from tok where name = 's'), 'rae17@example.com', null, 'repeated_question');
insert into tok select 't3', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 's'),
  'turn-17-000003', 'How long does shipping take???');
select is((select r ->> 'handled_by_team' from tok where name = 't3'), 'true', 'asked again while the team has it: the team answers');
select tests.clear_authentication();
-- the test runs in one transaction (one now()): date what came before the hand-back earlier, as it was
update public.messages set created_at = now() - interval '10 minutes'
where conversation_id = (select (r ->> 'conversation_id')::uuid from tok where name = 's');

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(public.hand_back_conversation((select (r ->> 'conversation_id')::uuid from tok where name = 's')), 'bot',
  'the agent hands the conversation back to the assistant');
select tests.authenticate_as_anon();
insert into tok select 't4', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 's'),
  'turn-17-000004', 'How long does shipping take?');
insert into tok select 't5', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 's'),
  'turn-17-000005', 'How long does shipping take?');
select tests.clear_authentication();
select is((select r ->> 'repeated_question' from tok where name = 't4'), 'false',
  'the first time after the hand-back, a question asked before it is not repeated: the assistant tries again');
select ok((select jsonb_array_length(r -> 'retrieval' -> 'articles') > 0 from tok where name = 't4'), 'and answers it from the articles');
select is((select r ->> 'repeated_question' from tok where name = 't5'), 'true', 'asked again since the hand-back, it is repeated');

select * from finish();
rollback;
