-- csat.received (issue 17): every new rating, from the widget or from an email link, enqueues one
-- delivery per subscribed, enabled endpoint of its organization, with ids and the score only.
begin;
select plan(7);

select ok(not has_function_privilege('anon', 'private.webhook_on_csat()', 'execute')
  and not has_function_privilege('authenticated', 'private.webhook_on_csat()', 'execute'), 'the trigger function is not an API');

select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
create temporary table hooks on commit drop as
  select 'csat' as name, id from public.create_webhook_endpoint('https://hooks.example.com/csat27', array['csat.received']::public.webhook_event[])
  union all
  select 'tickets', id from public.create_webhook_endpoint('https://hooks.example.com/tickets27', array['ticket.resolved']::public.webhook_event[]);
select tests.clear_authentication();
grant select on hooks to anon, authenticated;

create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated;
select tests.authenticate_as_anon();
insert into tok select 'w', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 'e', public.widget_start_session('wk_acme_main', 'https://acme.com');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select public.take_over_conversation((r ->> 'conversation_id')::uuid) from tok order by name;
select public.resolve_conversation((r ->> 'conversation_id')::uuid) from tok order by name;
select tests.authenticate_as_anon();
select public.widget_rate_conversation((select r ->> 'session_token' from tok where name = 'w'), 5, 'Great');
select tests.clear_authentication();

select is((select count(*) from public.webhook_deliveries d join hooks h on h.id = d.endpoint_id and h.name = 'csat'
           where d.event_type = 'csat.received'), 1::bigint, 'a widget rating enqueues csat.received');
select is((select payload - 'timestamp' from public.webhook_deliveries d join hooks h on h.id = d.endpoint_id and h.name = 'csat'
           where d.event_type = 'csat.received'),
  (select jsonb_build_object('type', 'csat.received', 'data', jsonb_build_object(
     'organization_id', r.organization_id, 'rating_id', r.id, 'conversation_id', r.conversation_id, 'resolution_id', r.resolution_id,
     'website_id', r.website_id, 'agent_id', 'user_acme_agent', 'rating', 5, 'has_comment', true))
   from public.csat_ratings r where r.conversation_id = (select (t.r ->> 'conversation_id')::uuid from tok t where t.name = 'w')),
  'the payload is {type, timestamp, data} with ids and the score, not the comment''s text');
select is((select count(*) from public.webhook_deliveries d join hooks h on h.id = d.endpoint_id and h.name = 'tickets'
           where d.event_type = 'csat.received'), 0::bigint, 'an endpoint not subscribed to it gets none');

select public.email_rate_conversation('a0000000-0000-4000-8000-000000000001',
  (select t.id from public.conversation_transitions t where t.conversation_id = (select (r ->> 'conversation_id')::uuid from tok where name = 'e')
     and t.to_state = 'resolved'), 2);
select is((select count(*) from public.webhook_deliveries d join hooks h on h.id = d.endpoint_id and h.name = 'csat'
           where d.event_type = 'csat.received' and d.payload -> 'data' ->> 'conversation_id' = (select r ->> 'conversation_id' from tok where name = 'e')
             and d.payload -> 'data' ->> 'rating' = '2' and d.payload -> 'data' ->> 'has_comment' = 'false'), 1::bigint,
  'a rating from an email link enqueues it too');

select is((select count(*) from public.webhook_deliveries d where d.event_type = 'csat.received'
           and d.organization_id <> 'a0000000-0000-4000-8000-000000000001'
           and d.payload -> 'data' ->> 'conversation_id' in (select r ->> 'conversation_id' from tok)), 0::bigint,
  'no other organization hears of it');

update public.webhook_endpoints set enabled = false where id = (select id from hooks where name = 'csat');
savepoint before_disabled;
select tests.authenticate_as_anon();
insert into tok select 'd', public.widget_start_session('wk_acme_main', 'https://acme.com');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select public.take_over_conversation((select (r ->> 'conversation_id')::uuid from tok where name = 'd'));
select public.resolve_conversation((select (r ->> 'conversation_id')::uuid from tok where name = 'd'));
select tests.authenticate_as_anon();
select public.widget_rate_conversation((select r ->> 'session_token' from tok where name = 'd'), 3);
select tests.clear_authentication();
select is((select count(*) from public.webhook_deliveries d where d.event_type = 'csat.received'
           and d.payload -> 'data' ->> 'conversation_id' = (select r ->> 'conversation_id' from tok where name = 'd')), 0::bigint,
  'a disabled endpoint gets none');

select * from finish();
rollback;
