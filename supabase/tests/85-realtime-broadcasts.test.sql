-- Database-sent Realtime events: which topic hears what, once per statement, ids only.
begin;
select plan(10);

create temp table t (name text primary key, id uuid) on commit drop;
insert into t values
  ('acme', 'a0000000-0000-4000-8000-000000000001'),
  ('conversation', (select id from public.conversations where organization_id = 'a0000000-0000-4000-8000-000000000001' order by created_at limit 1));

-- earlier files and API tests sent events too; count only this file's (the delete rolls back)
delete from realtime.messages;

create function pg_temp.sent(topic text, event text) returns bigint language sql as $$
  select count(*) from realtime.messages m where m.topic = sent.topic and m.event = sent.event
$$;

insert into public.messages (organization_id, conversation_id, sender_type, body)
select (select id from t where name = 'acme'), (select id from t where name = 'conversation'), 'visitor', 'Hello ' || i
from generate_series(1, 3) i;

select is(pg_temp.sent('org:' || (select id from t where name = 'acme'), 'messages_created'), 1::bigint,
  'three messages in one statement: one event on the organization topic');
select is(pg_temp.sent('conversation:' || (select id from t where name = 'conversation'), 'messages_created'), 1::bigint,
  'and one on the conversation topic');
select is((select jsonb_array_length(payload -> 'message_ids') from realtime.messages
           where topic = 'conversation:' || (select id from t where name = 'conversation') and event = 'messages_created'), 3,
  'naming the three messages');
select ok((select not (payload::text like '%Hello%') from realtime.messages
           where topic = 'conversation:' || (select id from t where name = 'conversation') and event = 'messages_created'),
  'the event carries ids, never the message text');
select is((select private from realtime.messages where topic = 'org:' || (select id from t where name = 'acme') and event = 'messages_created'), true,
  'organization events go to private channels only');

-- a visitor message may change the conversation's state, announced on its own; count from here
create temp table baseline on commit drop as
  select pg_temp.sent('conversation:' || (select id from t where name = 'conversation'), 'conversation_changed') as conversation,
         pg_temp.sent('org:' || (select id from t where name = 'acme'), 'conversations_changed') as org;

update public.conversations set last_message_at = now() + interval '1 minute', last_visitor_message_at = now() + interval '1 minute'
where id = (select id from t where name = 'conversation');
select is(pg_temp.sent('conversation:' || (select id from t where name = 'conversation'), 'conversation_changed'), (select conversation from baseline),
  'a last_message_at / last_visitor_message_at bump alone is not announced again');

update public.conversations set agent_name = 'Grace' where id = (select id from t where name = 'conversation');
select is(pg_temp.sent('conversation:' || (select id from t where name = 'conversation'), 'conversation_changed'), (select conversation from baseline) + 1,
  'a visible conversation change is announced on its topic');
select is(pg_temp.sent('org:' || (select id from t where name = 'acme'), 'conversations_changed'), (select org from baseline) + 1,
  'and on the organization topic');

insert into public.tickets (organization_id, conversation_id, subject)
values ((select id from t where name = 'acme'), (select id from t where name = 'conversation'), 'Live ticket');
select is(pg_temp.sent('org:' || (select id from t where name = 'acme'), 'tickets_changed'), 1::bigint,
  'a new ticket is announced to the organization');
select is(pg_temp.sent('conversation:' || (select id from t where name = 'conversation'), 'ticket_changed'), 1::bigint,
  'and to its conversation');

select * from finish();
rollback;
