-- Runs of event items are stored set-based too (private.ingest_event_run): known references are
-- resolved in the key's organization, everything else (bad fields, unknown chat or website, a
-- visitor not seen yet, repeated or reused keys) is answered item by item exactly as before.
begin;
select plan(9);

create temp table k (name text primary key, key text) on commit drop;
grant all on k to anon, authenticated;
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
insert into k select 'acme', public.create_api_key('Acme events', '{ingest:write}') ->> 'key';
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
insert into k select 'globex', public.create_api_key('Globex events', '{ingest:write}') ->> 'key';

create temp table r on commit drop as select null::jsonb as results;
grant all on r to anon;
select tests.authenticate_as_anon();
select is(public.ingest_batch((select key from k where name = 'acme'), $$[
    {"type": "visitor", "idempotency_key": "t41-vis-1", "external_id": "crm-41"},
    {"type": "chat", "idempotency_key": "t41-chat-1", "external_id": "chat-41", "visitor_external_id": "crm-41"}
  ]$$) #>> '{results,1,status}', 'created', 'setup: a visitor and a chat');
update r set results = public.ingest_batch((select key from k where name = 'acme'), $$[
  {"type": "event", "idempotency_key": "t41-e-01", "name": "order_placed", "visitor_external_id": "crm-41", "website_domain": "Shop.Acme.com",
   "properties": {"total": 42}, "occurred_at": "2026-11-03T10:00:00Z"},
  {"type": "event", "idempotency_key": "t41-e-02", "name": "chat_rated", "chat_external_id": "chat-41"},
  {"type": "event", "idempotency_key": "t41-e-03", "name": "first_visit", "visitor_external_id": "crm-41-new"},
  {"type": "event", "idempotency_key": "t41-e-04", "name": "bad name"},
  {"type": "event", "idempotency_key": "t41-e-05", "name": "x", "chat_external_id": "no-such-chat"},
  {"type": "event", "idempotency_key": "t41-e-06", "name": "x", "website_domain": "globex.com"},
  {"type": "event", "idempotency_key": "t41-e-02", "name": "chat_rated", "chat_external_id": "chat-41"},
  {"type": "event", "idempotency_key": "t41-chat-1", "name": "reused"},
  {"type": "event", "idempotency_key": "t41-e-07", "name": "signup", "occurred_at": "1999-12-31T00:00:00Z"},
  {"type": "event", "idempotency_key": "t41-e-08", "name": "signup.done"}
]$$) -> 'results';
select results_eq($$ select (x ->> 'index')::int, x ->> 'status', x #>> '{error,code}' from r, jsonb_array_elements(r.results) x order by 1 $$,
  $$ values (0, 'created', null), (1, 'created', null), (2, 'created', null), (3, 'error', 'invalid_item'), (4, 'error', 'not_found'),
            (5, 'error', 'not_found'), (6, 'duplicate', null), (7, 'error', 'idempotency_conflict'), (8, 'error', 'invalid_item'),
            (9, 'created', null) $$,
  'a run of events: each item answered as item by item');
select tests.clear_authentication();

select results_eq($$ select e.name, e.properties, v.external_id, c.external_customer_id, w.domain, e.occurred_at = '2026-11-03T10:00:00Z', e.organization_id
    from public.events e left join public.visitors v on v.id = e.visitor_id left join public.conversations c on c.id = e.conversation_id
    left join public.websites w on w.id = e.website_id where e.idempotency_key in ('t41-e-01', 't41-e-02', 't41-e-03') order by e.idempotency_key $$,
  $$ values ('order_placed', '{"total": 42}'::jsonb, 'crm-41', null, 'shop.acme.com', true, 'a0000000-0000-4000-8000-000000000001'::uuid),
            ('chat_rated', '{}', 'crm-41', 'chat-41', null, false, 'a0000000-0000-4000-8000-000000000001'),
            ('first_visit', '{}', 'crm-41-new', null, null, false, 'a0000000-0000-4000-8000-000000000001') $$,
  'the events carry their fields and references (a chat''s visitor; a new visitor made item by item)');
select is((select count(distinct xmin::text) from public.events where idempotency_key in ('t41-e-01', 't41-e-02', 't41-e-08')), 1::bigint,
  'the plain events were stored by one statement');
select is((select count(*) from public.ingest_receipts where idempotency_key like 't41-e-%'), 4::bigint, 'each stored event has its receipt');

-- again: duplicates with the same ids, nothing stored twice
select tests.authenticate_as_anon();
select is((select string_agg(x ->> 'status', ' ' order by (x ->> 'index')::int) from jsonb_array_elements(
    public.ingest_batch((select key from k where name = 'acme'), $$[
      {"type": "event", "idempotency_key": "t41-e-08", "name": "signup.done"},
      {"type": "event", "idempotency_key": "t41-e-09", "name": "signup.again"}
    ]$$) -> 'results') x), 'duplicate created', 'a retried event is a duplicate, a new one in the same run is stored');
-- a Globex key resolves none of Acme's references
select is((select string_agg(coalesce(x #>> '{error,code}', x ->> 'status'), ' ' order by (x ->> 'index')::int) from jsonb_array_elements(
    public.ingest_batch((select key from k where name = 'globex'), $$[
      {"type": "event", "idempotency_key": "g41-e-01", "name": "x", "chat_external_id": "chat-41"},
      {"type": "event", "idempotency_key": "g41-e-02", "name": "x", "website_domain": "shop.acme.com"},
      {"type": "event", "idempotency_key": "t41-e-01", "name": "order_placed"}
    ]$$) -> 'results') x), 'not_found not_found created', 'a Globex key finds no Acme chat or website; Acme''s keys are not its keys');
select tests.clear_authentication();
select is((select count(*) from public.events where idempotency_key like 't41-e-%' and organization_id = 'a0000000-0000-4000-8000-000000000001'),
  5::bigint, 'Acme has its five events, once each');
select is((select organization_id from public.events where idempotency_key = 't41-e-01' and name = 'order_placed' and properties = '{}'),
  'b0000000-0000-4000-8000-000000000001'::uuid, 'and the Globex event is Globex''s own');

select * from finish();
rollback;
