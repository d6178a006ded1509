-- The visitor's public Realtime topic ('widget:<widget_topic>'): told, in the same transaction,
-- that a reply the visitor can see was stored or that the conversation changed; never told of an
-- internal note; the event carries no content; another conversation's topic hears nothing; and the
-- topic is learned only through the visitor's own session token.
begin;
select plan(16);

create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated, service_role;

-- earlier files and API tests sent events too; count only this file's (the delete rolls back)
delete from realtime.messages;

select tests.authenticate_as_anon();
insert into tok select 'mine', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 'other', public.widget_start_session('wk_acme_main', 'https://acme.com');
select tests.clear_authentication();

create temp table t on commit drop as
  select name, (r ->> 'conversation_id')::uuid as conversation_id, r ->> 'session_token' as token,
         'widget:' || (select c.widget_topic from public.conversations c where c.id = (r ->> 'conversation_id')::uuid) as topic
  from tok;
grant select on t to authenticated;

create function pg_temp.sent(who text, kind text default null) returns bigint language sql as $$
  select count(*) from realtime.messages m
  where m.topic = (select topic from t where name = who) and m.event = 'changed'
    and (kind is null or m.payload ->> 'kind' = kind)
$$;

-- the topic, through the visitor's token only
select is((select public.widget_messages((select token from t where name = 'mine')) -> 'conversation' ->> 'widget_topic'),
  (select substr(topic, 8) from t where name = 'mine'), 'widget_messages names the session''s own conversation topic');
select isnt((select public.widget_messages((select token from t where name = 'other')) -> 'conversation' ->> 'widget_topic'),
  (select substr(topic, 8) from t where name = 'mine'), 'another visitor''s session names its own topic, not this one');
select is((select count(*) from realtime.messages), 0::bigint, 'starting a session sends nothing to the widget');

-- replies the visitor sees
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
insert into public.messages (organization_id, conversation_id, sender_type, client_msg_id, body, is_internal)
values ('a0000000-0000-4000-8000-000000000001', (select conversation_id from t where name = 'mine'), 'agent', 'note-88', 'Secret internal note', true);
select tests.clear_authentication();
select is(pg_temp.sent('mine'), 0::bigint, 'an internal note sends nothing to the visitor''s topic');

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
insert into public.messages (organization_id, conversation_id, sender_type, client_msg_id, body)
values ('a0000000-0000-4000-8000-000000000001', (select conversation_id from t where name = 'mine'), 'agent', 'reply-88', 'Agent reply text');
select tests.clear_authentication();
select is(pg_temp.sent('mine', 'message'), 1::bigint, 'an agent reply sends one `changed` message event');
select is((select payload from realtime.messages where topic = (select topic from t where name = 'mine') and payload ->> 'kind' = 'message'),
  '{"kind": "message"}'::jsonb, 'the event carries its kind and nothing else: no text, no id, no name');
select is((select bool_and(not private) from realtime.messages where topic = (select topic from t where name = 'mine')), true,
  'it goes to the public channel (the visitor has no JWT)');
select ok((select bool_and(payload::text not like '%Agent reply%' and payload::text not like '%Alan%') from realtime.messages
           where topic like 'widget:%'), 'no widget event contains the reply or the agent''s name');

insert into public.messages (organization_id, conversation_id, sender_type, client_msg_id, body)
select 'a0000000-0000-4000-8000-000000000001', (select conversation_id from t where name = 'mine'), 'ai', 'ai-88-' || i, 'AI answer ' || i
from generate_series(1, 3) i;
select is(pg_temp.sent('mine', 'message'), 2::bigint, 'three AI replies in one statement: one more event');

create temp table before_visitor on commit drop as select pg_temp.sent('mine', 'message') as n;
insert into public.messages (organization_id, conversation_id, sender_type, client_msg_id, body)
values ('a0000000-0000-4000-8000-000000000001', (select conversation_id from t where name = 'mine'), 'visitor', 'visitor-88', 'Visitor text');
select is(pg_temp.sent('mine', 'message'), (select n from before_visitor), 'the visitor''s own message is not announced back to them');

-- the conversation as the widget shows it
create temp table before_state on commit drop as select pg_temp.sent('mine', 'state') as n;
update public.conversations set last_message_at = now() + interval '1 minute', summary = 'A summary the visitor never sees'
where id = (select conversation_id from t where name = 'mine');
select is(pg_temp.sent('mine', 'state'), (select n from before_state), 'a change the visitor does not see (last message time, summary) sends nothing');

update public.conversations set state = 'resolved' where id = (select conversation_id from t where name = 'mine');
select is(pg_temp.sent('mine', 'state'), (select n from before_state) + 1, 'resolving the conversation (the system line with it) sends one `changed` state event');

insert into public.tickets (organization_id, conversation_id, subject)
values ('a0000000-0000-4000-8000-000000000001', (select conversation_id from t where name = 'mine'), 'Widget ticket');
select is(pg_temp.sent('mine', 'state'), (select n from before_state) + 2, 'a ticket opened for the conversation sends a state event (the widget shows its ref)');
select is((select count(*) from realtime.messages where topic like 'widget:%' and payload not in ('{"kind": "message"}', '{"kind": "state"}')), 0::bigint,
  'every widget event is one of the two content-free payloads');

-- isolation: none of this reached the other conversation's topic
select is(pg_temp.sent('other'), 0::bigint, 'another conversation''s topic heard nothing');
select is((select count(distinct topic) from realtime.messages where topic like 'widget:%'), 1::bigint,
  'the only widget topic that heard anything is this conversation''s');

select * from finish();
rollback;
