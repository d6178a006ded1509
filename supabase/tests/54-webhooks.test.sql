-- Webhooks (issue 17): endpoints and deliveries are readable and writable by the organization's
-- admins only, the signing secrets by nobody through the API, and the outbox rows are written by
-- triggers in the transaction of the event, for subscribed and enabled endpoints only.
begin;
select plan(67);

-- fixtures: an Acme endpoint subscribed to every event, created as an admin would
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
create temporary table fixture on commit drop as
  select * from public.create_webhook_endpoint('https://hooks.example.com/acme',
    array['conversation.created', 'conversation.escalated', 'message.created', 'ticket.resolved', 'csat.received']::public.webhook_event[],
    'Acme CRM');
select tests.clear_authentication();
grant select on fixture to authenticated, anon;
select set_config('tests.endpoint', (select id::text from fixture), true);
select matches((select secret from fixture), '^whsec_[A-Za-z0-9+/]{32}$', 'create_webhook_endpoint returns a whsec_ secret of 24 random bytes');
select is((select secret_hint from public.webhook_endpoints where id = current_setting('tests.endpoint')::uuid),
  right((select secret from fixture), 4), 'the endpoint keeps only the last four characters as a hint');
select is((select created_by from public.webhook_endpoints where id = current_setting('tests.endpoint')::uuid),
  'user_acme_admin', 'the endpoint records who created it');

-- the outbox, written by triggers
insert into public.conversations (id, organization_id, website_id)
values ('a9540000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001');
select is((select count(*) from public.webhook_deliveries
           where endpoint_id = current_setting('tests.endpoint')::uuid and event_type = 'conversation.created'
             and payload -> 'data' ->> 'conversation_id' = 'a9540000-0000-4000-8000-000000000001'), 1::bigint,
  'a new conversation enqueues conversation.created');
select is((select payload - 'timestamp' from public.webhook_deliveries
           where endpoint_id = current_setting('tests.endpoint')::uuid and event_type = 'conversation.created'
             and payload -> 'data' ->> 'conversation_id' = 'a9540000-0000-4000-8000-000000000001'),
  jsonb_build_object('type', 'conversation.created', 'data', jsonb_build_object(
    'organization_id', 'a0000000-0000-4000-8000-000000000001', 'conversation_id', 'a9540000-0000-4000-8000-000000000001', 'channel', 'web')),
  'the payload is {type, timestamp, data} with ids only');
select is((select status::text || '/' || attempts from public.webhook_deliveries
           where endpoint_id = current_setting('tests.endpoint')::uuid and event_type = 'conversation.created'
             and payload -> 'data' ->> 'conversation_id' = 'a9540000-0000-4000-8000-000000000001'), 'pending/0',
  'a new delivery is pending with no attempt');

insert into public.messages (id, organization_id, conversation_id, sender_type, body)
values ('a9540000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'a9540000-0000-4000-8000-000000000001', 'visitor', 'Hi');
select is((select count(*) from public.webhook_deliveries
           where event_type = 'message.created' and payload -> 'data' ->> 'message_id' = 'a9540000-0000-4000-8000-000000000002'), 1::bigint,
  'a new message enqueues message.created');
insert into public.messages (id, organization_id, conversation_id, sender_type, sender_id, body, is_internal)
values ('a9540000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'a9540000-0000-4000-8000-000000000001',
  'agent', 'user_acme_agent', 'Internal note', true);
select is((select count(*) from public.webhook_deliveries where payload -> 'data' ->> 'message_id' = 'a9540000-0000-4000-8000-000000000003'),
  0::bigint, 'an internal note enqueues nothing');

select private.move_conversation('a0000000-0000-4000-8000-000000000001', 'a9540000-0000-4000-8000-000000000001', 'waiting_for_agent',
  '{"type": "system", "via": "escalate"}', array['bot']::public.conversation_state[]);
select is((select count(*) from public.webhook_deliveries
           where event_type = 'conversation.escalated' and payload -> 'data' ->> 'conversation_id' = 'a9540000-0000-4000-8000-000000000001'),
  1::bigint, 'entering the team''s queue enqueues conversation.escalated');

insert into public.tickets (id, organization_id, conversation_id, subject)
values ('a9540000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000001', 'a9540000-0000-4000-8000-000000000001', 'Webhook test');
select is((select count(*) from public.webhook_deliveries where event_type = 'ticket.resolved'
           and payload -> 'data' ->> 'ticket_id' = 'a9540000-0000-4000-8000-000000000004'), 0::bigint, 'an open ticket enqueues no ticket.resolved');
update public.tickets set status = 'resolved', resolved_at = now(), resolved_by = 'user_acme_agent'
where id = 'a9540000-0000-4000-8000-000000000004';
select is((select count(*) from public.webhook_deliveries where event_type = 'ticket.resolved'
           and payload -> 'data' ->> 'ticket_id' = 'a9540000-0000-4000-8000-000000000004'), 1::bigint, 'resolving a ticket enqueues ticket.resolved');
update public.tickets set priority = 'high' where id = 'a9540000-0000-4000-8000-000000000004';
select is((select count(*) from public.webhook_deliveries where event_type = 'ticket.resolved'
           and payload -> 'data' ->> 'ticket_id' = 'a9540000-0000-4000-8000-000000000004'), 1::bigint,
  'editing a resolved ticket enqueues nothing more');

-- a change rolled back takes its delivery with it
savepoint before_conversation;
insert into public.conversations (id, organization_id) values ('a9540000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000001');
rollback to savepoint before_conversation;
select is((select count(*) from public.webhook_deliveries where payload -> 'data' ->> 'conversation_id' = 'a9540000-0000-4000-8000-000000000005'),
  0::bigint, 'a rolled-back conversation leaves no delivery');

-- only subscribed, enabled endpoints of the same organization get a row
update public.webhook_endpoints set events = array['ticket.resolved']::public.webhook_event[] where id = current_setting('tests.endpoint')::uuid;
insert into public.conversations (id, organization_id) values ('a9540000-0000-4000-8000-000000000006', 'a0000000-0000-4000-8000-000000000001');
select is((select count(*) from public.webhook_deliveries where payload -> 'data' ->> 'conversation_id' = 'a9540000-0000-4000-8000-000000000006'),
  0::bigint, 'an event the endpoint is not subscribed to enqueues nothing');
update public.webhook_endpoints set events = array['conversation.created']::public.webhook_event[], enabled = false
where id = current_setting('tests.endpoint')::uuid;
insert into public.conversations (id, organization_id) values ('a9540000-0000-4000-8000-000000000007', 'a0000000-0000-4000-8000-000000000001');
select is((select count(*) from public.webhook_deliveries where payload -> 'data' ->> 'conversation_id' = 'a9540000-0000-4000-8000-000000000007'),
  0::bigint, 'a disabled endpoint gets nothing');
update public.webhook_endpoints set events = array['conversation.created', 'message.created', 'conversation.escalated', 'ticket.resolved']::public.webhook_event[],
  enabled = true where id = current_setting('tests.endpoint')::uuid;
insert into public.conversations (id, organization_id) values ('b9540000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001');
select is((select count(*) from public.webhook_deliveries where payload -> 'data' ->> 'conversation_id' = 'b9540000-0000-4000-8000-000000000001'),
  0::bigint, 'a Globex conversation enqueues nothing for Acme''s endpoint');
select is((select count(*) from public.webhook_deliveries where endpoint_id = current_setting('tests.endpoint')::uuid
           and event_type = 'csat.received'), 0::bigint, 'csat.received is an event type (its trigger comes with CSAT)');
select lives_ok($$ select private.webhook_enqueue('a0000000-0000-4000-8000-000000000001', 'csat.received', '{"csat_id": "x"}') $$,
  'the outbox writer takes csat.received');

-- isolation: outsiders, members below admin and anon neither read nor write endpoints or deliveries
create function tests.webhook_isolation(who text, org uuid, label text) returns setof text
language plpgsql
as $$
begin
  if who is null then
    perform tests.authenticate_as_anon();
  else
    perform tests.authenticate_as(who, org);
  end if;
  if current_user = 'anon' then
    return next throws_ok($q$ select 1 from public.webhook_endpoints $q$, '42501', null, label || ' cannot read endpoints');
    return next throws_ok($q$ select 1 from public.webhook_deliveries $q$, '42501', null, label || ' cannot read deliveries');
    return next throws_ok($q$ update public.webhook_endpoints set enabled = false $q$, '42501', null, label || ' cannot update endpoints');
    return next throws_ok($q$ delete from public.webhook_endpoints $q$, '42501', null, label || ' cannot delete endpoints');
  else
    return next is_empty($q$ select 1 from public.webhook_endpoints where organization_id = 'a0000000-0000-4000-8000-000000000001' $q$,
      label || ' reads no Acme endpoint');
    return next is_empty($q$ select 1 from public.webhook_deliveries where organization_id = 'a0000000-0000-4000-8000-000000000001' $q$,
      label || ' reads no Acme delivery');
    return next is(tests.row_count($q$ update public.webhook_endpoints set url = 'https://evil.example.com/' $q$), 0::bigint,
      label || ' redirects no Acme endpoint');
    return next is(tests.row_count($q$ delete from public.webhook_endpoints $q$), 0::bigint, label || ' deletes no Acme endpoint');
  end if;
  return next throws_ok($q$ insert into public.webhook_endpoints (organization_id, url, events, secret_hint)
    values ('a0000000-0000-4000-8000-000000000001', 'https://evil.example.com/', '{message.created}', 'abcd') $q$, '42501', null,
    label || ' cannot insert an endpoint directly');
  return next throws_ok($q$ update public.webhook_deliveries set status = 'pending' $q$, '42501', null, label || ' cannot update deliveries');
  perform tests.clear_authentication();
end
$$;
grant execute on function tests.webhook_isolation(text, uuid, text) to authenticated, anon;

select * from tests.webhook_isolation('user_globex_owner', 'b0000000-0000-4000-8000-000000000001', 'a Globex owner');
select * from tests.webhook_isolation('user_globex_owner', 'a0000000-0000-4000-8000-000000000001', 'a Globex owner whose token claims Acme');
select * from tests.webhook_isolation('user_consultant', 'b0000000-0000-4000-8000-000000000001', 'the consultant with Globex active');
select * from tests.webhook_isolation('user_acme_agent', 'a0000000-0000-4000-8000-000000000001', 'an Acme agent');
select * from tests.webhook_isolation(null, null, 'anon');

-- admins: read both, edit the endpoint, never the secret
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select isnt_empty($$ select 1 from public.webhook_deliveries where endpoint_id = current_setting('tests.endpoint')::uuid $$,
  'an Acme admin reads the endpoint''s deliveries');
select is(tests.row_count($$ update public.webhook_endpoints set description = 'renamed' where id = current_setting('tests.endpoint')::uuid $$),
  1::bigint, 'an Acme admin edits the endpoint');
select throws_ok($$ update public.webhook_endpoints set secret_hint = 'xxxx' $$, '42501', null, 'not even an admin sets the secret hint');
select throws_ok($$ select * from private.webhook_secrets $$, '42501', null, 'an admin cannot read the secrets table');
select throws_ok($$ select * from public.webhook_outbox_claim(10) $$, '42501', null, 'an admin cannot claim the outbox (service role only)');
select isnt((select public.rotate_webhook_secret(current_setting('tests.endpoint')::uuid)), (select secret from fixture),
  'rotating gives a new secret');
select throws_ok($$ select public.create_webhook_endpoint('ftp://x', '{message.created}') $$, '23514', null,
  'an endpoint URL must be http(s)');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.create_webhook_endpoint('https://agent.example.com/', '{message.created}') $$, '42501', null,
  'an agent cannot create an endpoint');
select throws_ok(format('select public.rotate_webhook_secret(%L)', current_setting('tests.endpoint')), '42501', null,
  'an agent cannot rotate a secret');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select throws_ok(format('select public.rotate_webhook_secret(%L)', current_setting('tests.endpoint')), 'PGRST', null,
  'a Globex owner cannot rotate an Acme secret');
select throws_ok(format('select public.redeliver_webhook(%L)',
  (select id from public.webhook_deliveries where endpoint_id = current_setting('tests.endpoint')::uuid limit 1)), 'PGRST', null,
  'a Globex owner cannot redeliver an Acme delivery');
select tests.authenticate_as_anon();
select throws_ok($$ select public.create_webhook_endpoint('https://anon.example.com/', '{message.created}') $$, '42501', null,
  'anon cannot create an endpoint');
select tests.clear_authentication();

-- the sender's lease, outcome and backoff (service role RPCs)
update public.webhook_deliveries set status = 'succeeded' where endpoint_id = current_setting('tests.endpoint')::uuid;
insert into public.conversations (id, organization_id) values ('a9540000-0000-4000-8000-000000000008', 'a0000000-0000-4000-8000-000000000001');
select set_config('tests.delivery', (select id::text from public.webhook_deliveries
  where payload -> 'data' ->> 'conversation_id' = 'a9540000-0000-4000-8000-000000000008'), true);
select is((select count(*) from public.webhook_outbox_claim(100) c where c.delivery_id = current_setting('tests.delivery')::uuid
           and c.url = 'https://hooks.example.com/acme' and c.secret like 'whsec_%'), 1::bigint, 'the claim hands the sender URL and secret');
select is((select count(*) from public.webhook_outbox_claim(100) c where c.delivery_id = current_setting('tests.delivery')::uuid), 0::bigint,
  'a claimed delivery is leased, not claimed twice');
select is(public.webhook_outbox_mark(current_setting('tests.delivery')::uuid, false, 500, 'boom', 'The receiver answered 500', true),
  'pending'::public.webhook_delivery_status, 'a failed attempt is retried');
select ok((select next_attempt_at between now() + interval '29 seconds' and now() + interval '31 seconds' from public.webhook_deliveries
           where id = current_setting('tests.delivery')::uuid), 'the first retry waits 30 seconds');
update public.webhook_deliveries set attempts = 6, status = 'sending' where id = current_setting('tests.delivery')::uuid;
select is(public.webhook_outbox_mark(current_setting('tests.delivery')::uuid, false, 500, 'boom', 'The receiver answered 500', true),
  'failed'::public.webhook_delivery_status, 'after six attempts a delivery fails for good');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select lives_ok(format('select public.redeliver_webhook(%L)', current_setting('tests.delivery')), 'an admin redelivers a failed delivery');
select is((select status::text || '/' || attempts from public.webhook_deliveries where id = current_setting('tests.delivery')::uuid),
  'pending/0', 'a redelivery starts a new series of attempts');
select tests.clear_authentication();

select * from finish();
rollback;
