-- conversation_metrics and message_counts follow the messages: in order, out of order (history
-- ingested late), in one multi-row statement, and after edits and deletes. Internal notes and
-- system messages never count as replies.
begin;
select plan(17);

insert into public.conversations (id, organization_id, created_at) values
  ('a2000000-0000-4000-8000-0000000003a1', 'a0000000-0000-4000-8000-000000000001', '2026-03-01 09:00Z'),
  ('a2000000-0000-4000-8000-0000000003a2', 'a0000000-0000-4000-8000-000000000001', '2026-03-01 09:00Z'),
  ('a2000000-0000-4000-8000-0000000003a3', 'a0000000-0000-4000-8000-000000000001', '2026-03-01 09:00Z'),
  ('a2000000-0000-4000-8000-0000000003a4', 'a0000000-0000-4000-8000-000000000001', '2026-03-01 09:00Z');

create function pg_temp.msg(conv text, sender public.sender_type, at text, internal boolean default false) returns void
language sql as $$
  insert into public.messages (organization_id, conversation_id, sender_type, body, is_internal, created_at)
  values ('a0000000-0000-4000-8000-000000000001', ('a2000000-0000-4000-8000-0000000003' || conv)::uuid, sender, 'x', internal, at::timestamptz)
$$;
create function pg_temp.m(conv text) returns text
language sql as $$
  select concat_ws(' | ', coalesce(to_char(first_visitor_message_at at time zone 'UTC', 'HH24:MI:SS'), '-'),
    coalesce(to_char(first_response_at at time zone 'UTC', 'HH24:MI:SS'), '-'),
    coalesce(to_char(first_ai_reply_at at time zone 'UTC', 'HH24:MI:SS'), '-'),
    coalesce(to_char(first_agent_reply_at at time zone 'UTC', 'HH24:MI:SS'), '-'))
  from public.conversation_metrics where conversation_id = ('a2000000-0000-4000-8000-0000000003' || conv)::uuid
$$;

-- a1: a live chat, message by message
select pg_temp.msg('a1', 'visitor', '2026-03-01 09:00:00Z');
select is(pg_temp.m('a1'), '09:00:00 | - | - | -', 'a first visitor message: no response yet');
select pg_temp.msg('a1', 'agent', '2026-03-01 09:00:10Z', true);
select pg_temp.msg('a1', 'system', '2026-03-01 09:00:15Z');
select is(pg_temp.m('a1'), '09:00:00 | - | - | -', 'an internal note and a system message are not responses');
select pg_temp.msg('a1', 'ai', '2026-03-01 09:00:20Z');
select pg_temp.msg('a1', 'visitor', '2026-03-01 09:01:00Z');
select pg_temp.msg('a1', 'agent', '2026-03-01 09:02:00Z');
select pg_temp.msg('a1', 'ai', '2026-03-01 09:03:00Z');
select is(pg_temp.m('a1'), '09:00:00 | 09:00:20 | 09:00:20 | 09:02:00', 'then the AI answers, later an agent');

-- a2: the reply arrives before the question (history ingested in the wrong order)
select pg_temp.msg('a2', 'ai', '2026-03-01 10:00:30Z');
select is(pg_temp.m('a2'), '- | - | 10:00:30 | -', 'a reply alone has no response time');
select pg_temp.msg('a2', 'visitor', '2026-03-01 10:00:00Z');
select is(pg_temp.m('a2'), '10:00:00 | 10:00:30 | 10:00:30 | -', 'the late question gets the stored reply as its response');

-- a3: an earlier question and an earlier reply arrive after later ones
select pg_temp.msg('a3', 'visitor', '2026-03-01 11:01:40Z');
select pg_temp.msg('a3', 'ai', '2026-03-01 11:02:10Z');
select pg_temp.msg('a3', 'ai', '2026-03-01 11:00:50Z');
select is(pg_temp.m('a3'), '11:01:40 | 11:02:10 | 11:00:50 | -', 'a reply before the first question is not its response');
select pg_temp.msg('a3', 'visitor', '2026-03-01 11:00:10Z');
select is(pg_temp.m('a3'), '11:00:10 | 11:00:50 | 11:00:50 | -', 'an earlier question moves the first response back');

-- a4: one statement with a greeting, a question and two answers
insert into public.messages (organization_id, conversation_id, sender_type, body, created_at) values
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000003a4', 'ai', 'Hi!', '2026-03-01 12:00:00Z'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000003a4', 'visitor', 'Help', '2026-03-01 12:00:05Z'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000003a4', 'agent', 'Sure', '2026-03-01 12:00:45Z'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000003a4', 'ai', 'Here', '2026-03-01 12:00:25Z');
select is(pg_temp.m('a4'), '12:00:05 | 12:00:25 | 12:00:00 | 12:00:45', 'a multi-row insert: the greeting is not the response, the first answer after the question is');

-- edits and deletes rebuild the row
delete from public.messages where conversation_id = 'a2000000-0000-4000-8000-0000000003a1' and created_at = '2026-03-01 09:00:20Z';
select is(pg_temp.m('a1'), '09:00:00 | 09:02:00 | 09:03:00 | 09:02:00', 'deleting the first answer makes the next one the response');
update public.messages set is_internal = true where conversation_id = 'a2000000-0000-4000-8000-0000000003a1' and created_at = '2026-03-01 09:02:00Z';
select is(pg_temp.m('a1'), '09:00:00 | 09:03:00 | 09:03:00 | -', 'turning the agent reply into a note removes it');
update public.messages set created_at = '2026-03-01 09:00:05Z' where conversation_id = 'a2000000-0000-4000-8000-0000000003a1' and created_at = '2026-03-01 09:03:00Z';
select is(pg_temp.m('a1'), '09:00:00 | 09:00:05 | 09:00:05 | -', 'moving a reply earlier moves the response');

-- the rollup
select results_eq($$ select bucket, sender_type::text, messages from public.message_counts
    where organization_id = 'a0000000-0000-4000-8000-000000000001' and bucket >= '2026-03-01' and bucket < '2026-03-02' and messages > 0
    order by 1, 2 $$,
  $$ values ('2026-03-01 09:00Z'::timestamptz, 'ai'::text, 1), ('2026-03-01 09:00Z', 'system', 1), ('2026-03-01 09:00Z', 'visitor', 2),
            ('2026-03-01 10:00Z', 'ai', 1), ('2026-03-01 10:00Z', 'visitor', 1),
            ('2026-03-01 11:00Z', 'ai', 2), ('2026-03-01 11:00Z', 'visitor', 2),
            ('2026-03-01 12:00Z', 'agent', 1), ('2026-03-01 12:00Z', 'ai', 2), ('2026-03-01 12:00Z', 'visitor', 1) $$,
  'message_counts holds the visible messages per 15 minutes and sender, after every insert, edit and delete');
select is((select sum(messages)::bigint from public.message_counts where organization_id = 'a0000000-0000-4000-8000-000000000001'),
  (select count(*) from public.messages where organization_id = 'a0000000-0000-4000-8000-000000000001' and not is_internal),
  'the rollup total equals the count of visible Acme messages');
update public.messages set created_at = created_at + interval '1 hour' where conversation_id = 'a2000000-0000-4000-8000-0000000003a4';
select is((select sum(messages)::bigint from public.message_counts where organization_id = 'a0000000-0000-4000-8000-000000000001'
  and bucket = '2026-03-01 13:00Z'), 4::bigint, 'moving messages moves their counts');
select is(pg_temp.m('a4'), '13:00:05 | 13:00:25 | 13:00:00 | 13:00:45', 'and their metrics');

delete from public.conversations where id = 'a2000000-0000-4000-8000-0000000003a4';
select is_empty($$ select 1 from public.conversation_metrics where conversation_id = 'a2000000-0000-4000-8000-0000000003a4' $$,
  'a deleted conversation takes its metrics row with it');
select is((select coalesce(sum(messages), 0)::bigint from public.message_counts where organization_id = 'a0000000-0000-4000-8000-000000000001'
  and bucket = '2026-03-01 13:00Z'), 0::bigint, 'and its counts');

select * from finish();
rollback;
