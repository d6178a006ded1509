-- The set-based ingest batch (migrations 20261123004000-4020): runs of messages are stored with
-- one receipts INSERT and one messages INSERT, yet every item is answered as before (bad items
-- fail alone, item order matters, retries and reused keys), the rows stay in the key's
-- organization, nobody else can run the helpers or borrow the key setting, and the statement
-- triggers on messages keep conversations current.
begin;
select plan(28);

create temp table k (name text primary key, key text) on commit drop;
grant all on k to anon, authenticated;
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
insert into k select 'acme', public.create_api_key('Acme set-based', '{ingest:write}') ->> 'key';
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
insert into k select 'globex', public.create_api_key('Globex set-based', '{ingest:write}') ->> 'key';
select tests.clear_authentication();

-- a key used before, for a different payload
select tests.authenticate_as_anon();
select is(public.ingest_batch((select key from k where name = 'acme'),
    '[{"type": "chat", "idempotency_key": "t40-chat-0", "external_id": "chat-40-0"}]') #>> '{results,0,status}', 'created', 'setup: an earlier chat');
select tests.clear_authentication();

create temp table r on commit drop as select null::jsonb as results;
grant all on r to anon;
create temp table items on commit drop as select $$[
  {"type": "chat", "idempotency_key": "t40-chat-1", "external_id": "chat-40", "started_at": "2026-11-02T09:00:00Z"},
  {"type": "message", "idempotency_key": "t40-m-01", "chat_external_id": "chat-40", "sender_type": "visitor", "body": "Hello", "sent_at": "2026-11-02T09:00:10Z"},
  {"type": "message", "idempotency_key": "t40-m-02", "chat_external_id": "chat-40", "sender_type": "agent", "body": "Second agent", "sent_at": "2026-11-02T09:01:00Z"},
  {"type": "message", "idempotency_key": "t40-m-03", "chat_external_id": "chat-40", "sender_type": "agent", "body": "First agent", "sent_at": "2026-11-02T09:00:30Z"},
  {"type": "message", "idempotency_key": "t40-m-04", "chat_external_id": "chat-40", "sender_type": "robot", "body": "bad sender"},
  {"type": "message", "idempotency_key": "t40-m-01", "chat_external_id": "chat-40", "sender_type": "visitor", "body": "Hello", "sent_at": "2026-11-02T09:00:10Z"},
  {"type": "message", "idempotency_key": "t40-m-02", "chat_external_id": "chat-40", "sender_type": "agent", "body": "other payload"},
  {"type": "message", "idempotency_key": "t40-m-05", "chat_external_id": "no-such-chat", "sender_type": "ai", "body": "unknown chat"},
  {"type": "message", "idempotency_key": "t40-chat-0", "chat_external_id": "chat-40", "sender_type": "ai", "body": "reused key"},
  {"type": "message", "idempotency_key": "t40-m-06", "chat_external_id": "chat-40", "sender_type": "visitor", "body": "note", "is_internal": true},
  {"type": "message", "idempotency_key": "t40-m-07", "chat_external_id": "chat-40", "sender_type": "agent", "body": "Internal", "is_internal": true,
   "sent_at": "2026-11-02T09:00:20Z"},
  {"type": "message", "idempotency_key": "t40-m-08", "chat_external_id": "chat-40", "sender_type": "ai", "body": "   "},
  {"type": "message", "idempotency_key": "t40-m-09", "chat_external_id": "chat-40", "sender_type": "ai", "body": "late", "sent_at": "2999-01-01T00:00:00Z"},
  {"type": "message", "idempotency_key": "t40-m-10", "chat_external_id": "chat-40", "sender_type": "ai", "body": "Last", "sent_at": "2026-11-02T09:02:00Z",
   "metadata": {"confidence": 0.8}}
]$$::jsonb as v;
grant all on items to anon;

select tests.authenticate_as_anon();
update r set results = public.ingest_batch((select key from k where name = 'acme'), (select v from items)) -> 'results';
select results_eq($$ select (x ->> 'index')::int, x ->> 'status', x #>> '{error,code}' from r, jsonb_array_elements(r.results) x order by 1 $$,
  $$ values (0, 'created', null), (1, 'created', null), (2, 'created', null), (3, 'created', null),
            (4, 'error', 'invalid_item'), (5, 'duplicate', null), (6, 'error', 'idempotency_conflict'), (7, 'error', 'not_found'),
            (8, 'error', 'idempotency_conflict'), (9, 'error', 'invalid_item'), (10, 'created', null), (11, 'error', 'invalid_item'),
            (12, 'error', 'invalid_item'), (13, 'created', null) $$,
  'a mixed batch: each item answered as item by item (bad fields, repeated and reused keys, unknown chat)');
select is((select x ->> 'id' from r, jsonb_array_elements(r.results) x where x ->> 'index' = '5'),
  (select x ->> 'id' from r, jsonb_array_elements(r.results) x where x ->> 'index' = '1'), 'a key repeated in the batch answers the first item''s id');
select is((select string_agg(x ->> 'status', ' ' order by (x ->> 'index')::int) from jsonb_array_elements(public.ingest_batch((select key from k where name = 'acme'), $$[
    {"type": "message", "idempotency_key": "t40-early", "chat_external_id": "chat-40-b", "sender_type": "visitor", "body": "before the chat"},
    {"type": "chat", "idempotency_key": "t40-chat-2", "external_id": "chat-40-b"},
    {"type": "message", "idempotency_key": "t40-late", "chat_external_id": "chat-40-b", "sender_type": "visitor", "body": "after the chat"}
  ]$$) -> 'results') x), 'error created created', 'items keep their order: a message sees only the chats before it');
select tests.clear_authentication();

select is((select count(*) from public.messages m join public.conversations c on c.id = m.conversation_id and c.organization_id = m.organization_id
    where c.external_customer_id = 'chat-40'), 5::bigint, 'the five good messages are stored, once each');
select is((select count(*) from public.ingest_receipts where idempotency_key like 't40-m-%'), 5::bigint, 'each with its receipt');
select is((select count(distinct xmin::text) from public.messages where client_msg_id like 't40-m-%'), 1::bigint,
  'by one statement: all five carry the same (sub)transaction id, where item by item each had its own');
select is((select count(*) from public.ingest_receipts rc join public.messages m on m.id = rc.target_id and m.organization_id = rc.organization_id
    where rc.idempotency_key like 't40-m-%' and m.client_msg_id = rc.idempotency_key), 5::bigint, 'every receipt names its message');
select results_eq($$ select client_msg_id, sender_type::text, sender_id, body, is_internal, metadata, organization_id from public.messages
    where client_msg_id in ('t40-m-01', 't40-m-03', 't40-m-07', 't40-m-10') order by client_msg_id $$,
  $$ values ('t40-m-01', 'visitor', (select visitor_id::text from public.conversations where external_customer_id = 'chat-40'), 'Hello', false, '{}'::jsonb,
             'a0000000-0000-4000-8000-000000000001'::uuid),
            ('t40-m-03', 'agent', null, 'First agent', false, '{}', 'a0000000-0000-4000-8000-000000000001'),
            ('t40-m-07', 'agent', null, 'Internal', true, '{}', 'a0000000-0000-4000-8000-000000000001'),
            ('t40-m-10', 'ai', 'ai', 'Last', false, '{"confidence": 0.8}', 'a0000000-0000-4000-8000-000000000001') $$,
  'the messages carry their fields, in the key''s organization');
select is((select created_at from public.messages where client_msg_id = 't40-m-01'), '2026-11-02T09:00:10Z'::timestamptz, 'with the sent_at given');
select is((select last_message_at from public.conversations where external_customer_id = 'chat-40'), '2026-11-02T09:02:00Z'::timestamptz,
  'the conversation''s last_message_at is the latest message of the batch');
select is((select concat_ws(' ', agent_name, agent_joined_at) from public.conversations where external_customer_id = 'chat-40'),
  'Support ' || '2026-11-02T09:00:30Z'::timestamptz::text, 'the agent joined with the earliest visible agent reply (not the internal note)');
select is((select extract(epoch from first_response_at - first_visitor_message_at) from public.conversation_metrics cm
    join public.conversations c on c.id = cm.conversation_id where c.external_customer_id = 'chat-40'), 20::numeric,
  'the metrics see the batch: first response after 20 seconds');

-- the same batch again stores nothing and answers with the same ids
select tests.authenticate_as_anon();
select results_eq($$ select (x ->> 'index')::int, x ->> 'status', x ->> 'id' from jsonb_array_elements(
      public.ingest_batch((select key from k where name = 'acme'), (select v from items)) -> 'results') x
    where x ->> 'status' <> 'error' order by 1 $$,
  $$ select (x ->> 'index')::int, case when x ->> 'status' = 'error' then 'error' else 'duplicate' end, x ->> 'id'
     from r, jsonb_array_elements(r.results) x where x ->> 'status' <> 'error' order by 1 $$,
  'a retried batch: every stored item is a duplicate with its first id');
select tests.clear_authentication();
select is((select count(*) from public.messages where client_msg_id like 't40-m-%'), 5::bigint, 'and no message is stored twice');

-- a message already in the chat under the key (written another way) is answered, not doubled
insert into public.messages (organization_id, conversation_id, sender_type, client_msg_id, body)
select organization_id, id, 'ai', 't40-m-11', 'written directly' from public.conversations where external_customer_id = 'chat-40';
select tests.authenticate_as_anon();
select is((select string_agg(x ->> 'status', ' ' order by (x ->> 'index')::int) from jsonb_array_elements(public.ingest_batch((select key from k where name = 'acme'), $$[
    {"type": "message", "idempotency_key": "t40-m-11", "chat_external_id": "chat-40", "sender_type": "ai", "body": "written directly"},
    {"type": "message", "idempotency_key": "t40-m-12", "chat_external_id": "chat-40", "sender_type": "ai", "body": "new"}
  ]$$) -> 'results') x), 'duplicate created', 'a message stored another way under the key is a duplicate; the rest of the run is stored');
select tests.clear_authentication();
select is((select count(*) from public.messages where client_msg_id = 't40-m-11'), 1::bigint, 'and it is not stored twice');

-- another organization's key: its messages find no Acme chat, even set-based
select tests.authenticate_as_anon();
select is((select string_agg(x #>> '{error,code}', ' ') from jsonb_array_elements(public.ingest_batch((select key from k where name = 'globex'), $$[
    {"type": "message", "idempotency_key": "g40-m-01", "chat_external_id": "chat-40", "sender_type": "agent", "body": "planted 1"},
    {"type": "message", "idempotency_key": "g40-m-02", "chat_external_id": "chat-40", "sender_type": "agent", "body": "planted 2"}
  ]$$) -> 'results') x), 'not_found not_found', 'a Globex key cannot write into an Acme chat');

-- the key setting grants nothing by itself: the policies re-check the key, and only the ingest
-- functions run as concierge_ingest
select lives_ok($$ select set_config('concierge.api_key', (select key from k where name = 'globex'), true) $$,
  'anon can set the key setting (it is a plain custom setting)');
select is((select count(*)::int from jsonb_array_elements(public.ingest_batch((select key from k where name = 'acme'), $$[
    {"type": "message", "idempotency_key": "t40-m-13", "chat_external_id": "chat-40", "sender_type": "ai", "body": "after a forged setting"}
  ]$$) -> 'results') x where x ->> 'status' = 'created'), 1, 'a setting made beforehand is replaced by the presented key');
select tests.clear_authentication();
select is((select organization_id from public.messages where client_msg_id = 't40-m-13'), 'a0000000-0000-4000-8000-000000000001'::uuid,
  'so the rows land in the presented key''s organization');
select ok(not pg_has_role('anon', 'concierge_ingest', 'usage') and not pg_has_role('authenticated', 'concierge_ingest', 'usage')
    and not pg_has_role('anon', 'concierge_ingest', 'set') and not pg_has_role('authenticated', 'concierge_ingest', 'set'),
  'anon and authenticated cannot become concierge_ingest');
select ok(not has_function_privilege('anon', 'private.api_key_org(text[])', 'execute')
    and not has_function_privilege('authenticated', 'private.api_key_org(text[])', 'execute'),
  'nor call the policy helper that reads the setting');
select is((select count(*)::int from unnest(array['private.ingest_message_run(uuid, uuid, jsonb, integer, integer)',
    'private.ingest_item_isolated(uuid, uuid, jsonb)']) f, unnest(array['anon', 'authenticated', 'service_role']) r
    where has_function_privilege(r, f, 'execute')), 0, 'the set-based helpers are for concierge_ingest only');
select is((select count(*)::int from pg_policies where 'concierge_ingest' = any (roles)
    and coalesce(qual, with_check) !~ '^\(organization_id = \( SELECT private\.api_key_org\(''\{[a-z:,]+\}''::text\[\]\) AS api_key_org\)\)$'),
  0, 'every concierge_ingest policy checks the key once per statement (a scalar subquery, an InitPlan), not per row');

-- the statement triggers on messages, for the dashboard's and the widget's single rows too
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body, created_at) values
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'agent', 'user_acme_owner', 't40-dash-1', 'Dashboard reply',
   '2026-11-02T10:00:00Z');
select tests.clear_authentication();
select is((select sender_id from public.messages where client_msg_id = 't40-dash-1'), 'user_acme_agent', 'a member''s agent reply is still signed by its author');
select is((select concat_ws(' ', agent_name, (agent_joined_at = (select created_at from public.messages where client_msg_id = 't40-dash-1'))::text)
    from public.conversations where id = 'a2000000-0000-4000-8000-000000000004'), 'Alan true', 'and records the agent''s join');
insert into public.messages (organization_id, conversation_id, sender_type, client_msg_id, body, created_at) values
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'visitor', 't40-two-1', 'one', '2031-01-01T00:00:00Z'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000003', 'visitor', 't40-two-2', 'two', '2031-01-02T00:00:00Z'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000003', 'visitor', 't40-two-3', 'three', '2031-01-01T12:00:00Z');
select results_eq($$ select id::text, last_message_at from public.conversations where id in ('a2000000-0000-4000-8000-000000000003',
    'a2000000-0000-4000-8000-000000000004') order by 1 $$,
  $$ values ('a2000000-0000-4000-8000-000000000003', '2031-01-02T00:00:00Z'::timestamptz), ('a2000000-0000-4000-8000-000000000004', '2031-01-01T00:00:00Z') $$,
  'one insert into two conversations sets each one''s last_message_at to its latest message');

select * from finish();
rollback;
