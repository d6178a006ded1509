-- The ingest RPCs as the Edge Function calls them (anon + an organization API key): rows land in
-- the key's organization only, retries store nothing twice, bad items fail alone, and the
-- concierge_ingest role itself is held to the key's organization by RLS.
begin;
select plan(36);

create temp table k (name text primary key, key text) on commit drop;
grant all on k to anon, authenticated, concierge_ingest;
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
insert into k select 'acme', public.create_api_key('Acme CRM', '{ingest:write}') ->> 'key';
insert into k select 'acme_read', public.create_api_key('Acme BI', '{read}') ->> 'key';
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
insert into k select 'globex', public.create_api_key('Globex CRM', '{ingest:write,read}') ->> 'key';

-- the role and the entry points
select ok((select not rolsuper and not rolbypassrls and not rolcanlogin from pg_roles where rolname = 'concierge_ingest'),
  'concierge_ingest is an ordinary role: no superuser, no BYPASSRLS, no login');
select is((select string_agg(p.proname || ':' || pg_get_userbyid(p.proowner) || ':' || p.prosecdef, ' ' order by p.proname) from pg_proc p
    where p.oid in ('public.ingest_batch(text, jsonb)'::regprocedure, 'public.ingest_lookup(text, text[])'::regprocedure)),
  'ingest_batch:concierge_ingest:true ingest_lookup:concierge_ingest:true',
  'the ingest entry points run as concierge_ingest (security definer owned by it)');

create temp table batch (items jsonb) on commit drop;
grant all on batch to anon;
insert into batch values ($$[
  {"type": "visitor", "idempotency_key": "t32-vis-1", "external_id": "crm-77", "email": "Pat@Example.com", "name": "Pat", "organization_id": "b0000000-0000-4000-8000-000000000001"},
  {"type": "chat", "idempotency_key": "t32-chat-1", "external_id": "chat-77", "visitor_external_id": "crm-77", "website_domain": "shop.acme.com",
   "started_at": "2026-11-01T09:00:00Z"},
  {"type": "message", "idempotency_key": "t32-msg-1", "chat_external_id": "chat-77", "sender_type": "visitor", "body": "Where is my parcel?", "sent_at": "2026-11-01T09:00:10Z"},
  {"type": "message", "idempotency_key": "t32-msg-2", "chat_external_id": "chat-77", "sender_type": "ai", "body": "It ships today.", "sent_at": "2026-11-01T09:00:40Z"},
  {"type": "event", "idempotency_key": "t32-evt-1", "name": "order_placed", "visitor_external_id": "crm-77", "properties": {"total": 42}},
  {"type": "article_view", "idempotency_key": "t32-view-1", "article_slug": "shipping-times", "chat_external_id": "chat-77"},
  {"type": "article_mention", "idempotency_key": "t32-mention-1", "article_id": "a6000000-0000-4000-8000-000000000003", "chat_external_id": "chat-77",
   "mentioned_at": "2026-11-01T09:00:40Z", "clicked_at": "2026-11-01T09:01:00Z"},
  {"type": "message", "idempotency_key": "t32-msg-3", "chat_external_id": "chat-77", "sender_type": "robot", "body": "?"},
  {"type": "event", "idempotency_key": "short"},
  {"type": "message", "idempotency_key": "t32-msg-4", "chat_external_id": "no-such-chat", "sender_type": "ai", "body": "hi"}
]$$);

select tests.authenticate_as_anon();
create temp table r1 on commit drop as
  select x.* from batch, jsonb_to_recordset(public.ingest_batch((select key from k where name = 'acme'), batch.items) -> 'results')
    as x("index" int, type text, idempotency_key text, status text, id uuid, error jsonb);
select results_eq($$ select "index", status, error ->> 'code' from r1 order by 1 $$,
  $$ values (0, 'created', null::text), (1, 'created', null), (2, 'created', null), (3, 'created', null), (4, 'created', null),
            (5, 'created', null), (6, 'created', null), (7, 'error', 'invalid_item'), (8, 'error', 'invalid_item'), (9, 'error', 'not_found') $$,
  'a batch stores its good items and reports each bad one (invalid sender, short key, unknown chat)');
select tests.clear_authentication();
select is((select count(*) from public.visitors where external_id = 'crm-77' and organization_id = 'a0000000-0000-4000-8000-000000000001'
  and email = 'pat@example.com'), 1::bigint, 'the visitor lands in the key''s organization (Acme), whatever the item says');
select is((select count(*) from public.visitors where external_id = 'crm-77'), 1::bigint, 'and nowhere else');
select results_eq($$ select channel, external_customer_id, website_id from public.conversations where id = (select id from r1 where "index" = 1) $$,
  $$ values ('api'::text, 'chat-77'::text, 'a1000000-0000-4000-8000-000000000003'::uuid) $$,
  'the chat is an api-channel conversation on the named Acme website');
select is((select count(*) from public.messages where conversation_id = (select id from r1 where "index" = 1)), 2::bigint, 'its two messages are stored');
select is((select extract(epoch from first_response_at - first_visitor_message_at) from public.conversation_metrics
  where conversation_id = (select id from r1 where "index" = 1)), 30::numeric, 'with a first response time of 30 seconds');
select is((select sender_id from public.messages where id = (select id from r1 where "index" = 2)),
  (select id::text from public.visitors where external_id = 'crm-77'), 'a visitor message is signed by the chat''s visitor');
select results_eq($$ select a.organization_id, a.article_id, a.conversation_id, a.visitor_id from public.article_views a where id = (select id from r1 where "index" = 5) $$,
  $$ select 'a0000000-0000-4000-8000-000000000001'::uuid, 'a6000000-0000-4000-8000-000000000003'::uuid, (select id from r1 where "index" = 1),
       (select id from public.visitors where external_id = 'crm-77') $$,
  'an article view resolves the slug and takes the chat''s visitor');
select is((select count(*) from public.ingest_receipts where idempotency_key like 't32-%'), 7::bigint, 'each stored item has a receipt');

-- retries
select tests.authenticate_as_anon();
select results_eq($$ select x.status, count(*) from batch, jsonb_to_recordset(public.ingest_batch((select key from k where name = 'acme'), batch.items) -> 'results')
    as x(status text) group by 1 order by 1 $$,
  $$ values ('duplicate'::text, 7::bigint), ('error', 3) $$, 'the same batch again: every stored item is a duplicate');
select tests.clear_authentication();
select is((select count(*) from public.messages where conversation_id = (select id from r1 where "index" = 1)), 2::bigint, 'and nothing new is stored');
select is((select count(*) from public.events where idempotency_key = 't32-evt-1'), 1::bigint, 'the event is stored once');
select tests.authenticate_as_anon();
select is(public.ingest_batch((select key from k where name = 'acme'),
    '[{"type": "event", "idempotency_key": "t32-evt-1", "name": "order_cancelled"}]') #>> '{results,0,error,code}',
  'idempotency_conflict', 'a key reused for a different item is refused');
select is(public.ingest_batch((select key from k where name = 'acme'),
    '[{"type": "chat", "idempotency_key": "t32-chat-2", "external_id": "chat-77", "is_resolved": true}]') #>> '{results,0,status}',
  'updated', 'a new item for a known chat updates it');
select tests.clear_authentication();
select results_eq($$ select is_resolved, status::text, resolved_by from public.conversations where id = (select id from r1 where "index" = 1) $$,
  $$ values (true, 'closed', 'api'::text) $$, 'the chat is resolved and closed');

-- another organization's key reaches none of it
select tests.authenticate_as_anon();
create temp table r2 on commit drop as
  select x.* from jsonb_to_recordset(public.ingest_batch((select key from k where name = 'globex'), $$[
    {"type": "message", "idempotency_key": "g32-msg-1", "chat_external_id": "chat-77", "sender_type": "agent", "body": "planted"},
    {"type": "chat", "idempotency_key": "g32-chat-1", "external_id": "g-chat", "website_domain": "acme.com"},
    {"type": "article_view", "idempotency_key": "g32-view-1", "article_id": "a6000000-0000-4000-8000-000000000001"},
    {"type": "visitor", "idempotency_key": "g32-vis-1", "external_id": "crm-77", "name": "Hijacked"},
    {"type": "event", "idempotency_key": "t32-evt-1", "name": "order_placed", "visitor_external_id": "crm-77", "properties": {"total": 42}}
  ]$$) -> 'results') as x("index" int, status text, id uuid, error jsonb);
select results_eq($$ select "index", status, error ->> 'code' from r2 order by 1 $$,
  $$ values (0, 'error', 'not_found'::text), (1, 'error', 'not_found'), (2, 'error', 'not_found'), (3, 'created', null), (4, 'created', null) $$,
  'a Globex key finds no Acme chat, website or article; the same external ids make new Globex rows');
select tests.clear_authentication();
select is((select count(*) from public.messages where body = 'planted'), 0::bigint, 'no message was planted in the Acme chat');
select is((select name from public.visitors where organization_id = 'a0000000-0000-4000-8000-000000000001' and external_id = 'crm-77'), 'Pat',
  'the Acme visitor is untouched');
select is((select organization_id from public.visitors where id = (select id from r2 where "index" = 3)), 'b0000000-0000-4000-8000-000000000001'::uuid,
  'the Globex visitor is Globex''s own');
select is((select count(*) from public.events where idempotency_key = 't32-evt-1'), 2::bigint,
  'idempotency keys are per organization (the same key in Globex is a new event)');

-- keys: scope, revocation, limits
select tests.authenticate_as_anon();
select throws_ok($$ select public.ingest_batch((select key from k where name = 'acme_read'), '[]') $$, '42501', null,
  'a read-only key cannot ingest');
select throws_ok($$ select public.ingest_lookup((select key from k where name = 'acme'), '{t32-vis-1}') $$, '42501', null,
  'an ingest-only key cannot look up');
select is(public.ingest_lookup((select key from k where name = 'acme_read'), '{t32-vis-1,g32-vis-1,nope-nope}') #>> '{items,0,type}', 'visitor',
  'a read key looks up its organization''s receipts');
select is(jsonb_array_length(public.ingest_lookup((select key from k where name = 'acme_read'), '{t32-vis-1,g32-vis-1,nope-nope}') -> 'items'), 1,
  'and only its organization''s');
select throws_ok($$ select public.ingest_batch('ck_live_' || repeat('0', 48), '[{}]') $$, '28000', 'invalid or revoked API key', 'an unknown key gets 28000');
select throws_ok($$ select public.ingest_batch((select key from k where name = 'acme'), '{"items": []}') $$, '22023', null, 'items must be an array');
select throws_ok($$ select public.ingest_batch((select key from k where name = 'acme'), (select jsonb_agg('{}'::jsonb) from generate_series(1, 501))) $$,
  '54000', null, 'a batch holds at most 500 items');
select tests.clear_authentication();
update public.api_keys set revoked_at = now() where name = 'Acme CRM';
select tests.authenticate_as_anon();
select throws_ok($$ select public.ingest_batch((select key from k where name = 'acme'), '[{}]') $$, '28000', null, 'a revoked key stops working at once');
select throws_ok($$ select * from public.events $$, '42501', null, 'anon still has no table access of its own');

-- RLS holds for the ingest role itself, whatever code runs as it: statements run as
-- concierge_ingest with a key in the GUC (pgTAP is not the role's to call, so report back)
create function pg_temp.as_ingest(api_key text, stmt text) returns text
language plpgsql
as $$
declare
  n bigint;
begin
  perform set_config('concierge.api_key', coalesce(api_key, ''), true);
  set local role concierge_ingest;
  begin
    execute stmt into n;
    reset role;
    return 'ok ' || coalesce(n::text, '-');
  exception when others then
    reset role;
    return sqlstate || ' ' || sqlerrm;
  end;
end
$$;
select tests.clear_authentication();
select is(pg_temp.as_ingest((select key from k where name = 'globex'),
    $$ with i as (insert into public.events (organization_id, name) values ('a0000000-0000-4000-8000-000000000001', 'forged') returning 1) select count(*) from i $$),
  '42501 new row violates row-level security policy for table "events"', 'with a Globex key, concierge_ingest cannot write an Acme row');
select is(pg_temp.as_ingest((select key from k where name = 'globex'),
    $$ select count(*) from public.visitors where organization_id = 'a0000000-0000-4000-8000-000000000001' $$),
  'ok 0', 'with a Globex key, concierge_ingest reads no Acme row');
select is(pg_temp.as_ingest((select key from k where name = 'globex'),
    $$ with i as (insert into public.events (organization_id, name) values ('b0000000-0000-4000-8000-000000000001', 'allowed') returning 1) select count(*) from i $$),
  'ok 1', 'with a Globex key, it writes Globex rows (positive control)');
select is(pg_temp.as_ingest((select key from k where name = 'acme'), $$ select count(*) from public.visitors $$),
  'ok 0', 'with a revoked key it sees nothing');
select is(pg_temp.as_ingest(null, $$ select count(*) from public.conversations $$), 'ok 0', 'with no key it sees nothing');

select * from finish();
rollback;
