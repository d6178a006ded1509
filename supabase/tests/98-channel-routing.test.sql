-- Channels (issue 14): one page / OA belongs to one organization, a webhook for Acme's page never
-- writes into Globex, a redelivered message is stored once, customer messages move the
-- conversation like widget messages, and agent replies go through the outbox with retries.
begin;
select plan(33);

select set_config('tests.acme_page', public.channel_connect('a0000000-0000-4000-8000-000000000001', 'user_acme_admin', 'facebook',
  '910000000000001', 'Acme Page', 'EAAB-acme', null, null, null, repeat('k', 32))::text, true);
select set_config('tests.globex_page', public.channel_connect('b0000000-0000-4000-8000-000000000001', 'user_globex_owner', 'facebook',
  '920000000000002', 'Globex Page', 'EAAB-globex', null, null, null, repeat('k', 32))::text, true);
create temp table globex_before as
  select (select count(*) from public.messages where organization_id = 'b0000000-0000-4000-8000-000000000001') as messages,
         (select count(*) from public.conversations where organization_id = 'b0000000-0000-4000-8000-000000000001') as conversations;

-- connecting: one organization per page, admins only
select throws_ok($$ select public.channel_connect('b0000000-0000-4000-8000-000000000001', 'user_globex_owner', 'facebook',
  '910000000000001', 'Mine now', 'EAAB-stolen', null, null, null, repeat('k', 32)) $$, '23505', null,
  'channel_connect: Globex cannot connect the page Acme holds');
select is((select organization_id from public.integrations where platform = 'facebook' and external_id = '910000000000001'
           and status <> 'disconnected'), 'a0000000-0000-4000-8000-000000000001'::uuid,
  'channel_connect: the page still belongs to Acme alone');
select is((select access_token from public.channel_credentials(current_setting('tests.acme_page')::uuid, repeat('k', 32))), 'EAAB-acme',
  'channel_connect: the refused connect left Acme''s token alone');
select throws_ok($$ select public.channel_connect('b0000000-0000-4000-8000-000000000001', 'user_globex_agent', 'facebook',
  '930000000000003', 'x', 'EAAB', null, null, null, repeat('k', 32)) $$, '42501', null, 'channel_connect: a Globex agent cannot connect');
select throws_ok($$ select public.channel_connect('a0000000-0000-4000-8000-000000000001', 'user_globex_owner', 'facebook',
  '930000000000003', 'x', 'EAAB', null, null, null, repeat('k', 32)) $$, '42501', null,
  'channel_connect: a Globex owner cannot connect a page for Acme');
select throws_ok($$ select public.channel_connect('a0000000-0000-4000-8000-000000000001', 'user_acme_admin', 'zalo',
  '930000000000003', 'x', 'tok', null, null, null, 'short') $$, '22023', null, 'channel_connect: a short token key is refused');
select is(public.channel_connect('a0000000-0000-4000-8000-000000000001', 'user_acme_owner', 'facebook', '910000000000001',
  'Acme Page', 'EAAB-acme-2', null, null, null, repeat('k', 32)), current_setting('tests.acme_page')::uuid,
  'channel_connect: reconnecting its own page keeps the same integration');

-- receiving: routed by page id to Acme only, once per platform message id
select is(public.channel_receive('facebook', '910000000000001',
  '[{"kind": "message", "customer": "PSID-7", "mid": "m_1", "text": "Is my order shipped?"}]') ->> 'stored', '1',
  'channel_receive: a message for Acme''s page is stored');
select is((select count(*) from public.messages m join public.conversations c on c.id = m.conversation_id
           where c.organization_id = 'a0000000-0000-4000-8000-000000000001' and c.integration_id = current_setting('tests.acme_page')::uuid
             and c.external_customer_id = 'PSID-7' and c.channel = 'facebook' and m.sender_type = 'visitor'), 1::bigint,
  'channel_receive: in Acme''s conversation with the customer''s PSID');
select is(public.channel_receive('facebook', '910000000000001',
  '[{"kind": "message", "customer": "PSID-7", "mid": "m_1", "text": "Is my order shipped?"}]') ->> 'duplicates', '1',
  'channel_receive: a redelivery is reported as a duplicate');
select is((select count(*) from public.channel_messages where platform_message_id = 'm_1'), 1::bigint,
  'channel_receive: and stores nothing twice (one delivery record)');
select is((select count(*) from public.messages where body = 'Is my order shipped?'), 1::bigint,
  'channel_receive: and one message');
select ok((select messages = (select count(*) from public.messages where organization_id = 'b0000000-0000-4000-8000-000000000001')
             and conversations = (select count(*) from public.conversations where organization_id = 'b0000000-0000-4000-8000-000000000001')
           from globex_before),
  'channel_receive: a webhook for Acme''s page wrote nothing into Globex');
select is(public.channel_receive('facebook', '999999999999999',
  '[{"kind": "message", "customer": "PSID-7", "mid": "m_x", "text": "hello?"}]'), '{"routed": false, "stored": 0}'::jsonb,
  'channel_receive: an unknown page is not routed');
select is((select count(*) from public.channel_messages where platform_message_id = 'm_x'), 0::bigint,
  'channel_receive: and stores nothing');
select is((select state::text from public.conversations where external_customer_id = 'PSID-7'), 'waiting_for_agent',
  'channel_receive: with the AI off for the page, the customer waits for the team');
select is(public.channel_receive('facebook', '910000000000001',
  '[{"kind": "message", "customer": "PSID-8", "mid": "m_2", "attachments": [{"type": "image", "url": "https://cdn.example/p.jpg"}]}]') ->> 'stored', '1',
  'channel_receive: an attachment without text is stored');
select is((select body from public.messages m join public.channel_messages cm on cm.message_id = m.id where cm.platform_message_id = 'm_2'),
  '[image] https://cdn.example/p.jpg', 'channel_receive: its body names the attachment');

-- AI on: the customer stays with the assistant, which answers first
update public.integrations set ai_enabled = true where id = current_setting('tests.globex_page')::uuid;
select public.channel_receive('facebook', '920000000000002', '[{"kind": "message", "customer": "PSID-9", "mid": "g_1", "text": "hi"}]');
select is((select state::text from public.conversations where external_customer_id = 'PSID-9'), 'bot',
  'channel_receive: with the AI on, the conversation stays with the assistant');

-- sending: an agent's reply becomes a pending outbox row, sent once, its status tracked
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
insert into public.messages (organization_id, conversation_id, sender_type, body)
select organization_id, id, 'agent', 'Yes, it left this morning.' from public.conversations where external_customer_id = 'PSID-7';
insert into public.messages (organization_id, conversation_id, sender_type, body, is_internal)
select organization_id, id, 'agent', 'note to self', true from public.conversations where external_customer_id = 'PSID-7';
select is((select status::text from public.channel_messages cm join public.messages m on m.id = cm.message_id
           where m.body = 'Yes, it left this morning.'), 'pending', 'outbox: an agent reply on a channel conversation is pending');
select is((select count(*) from public.channel_messages cm join public.messages m on m.id = cm.message_id where m.is_internal), 0::bigint,
  'outbox: an internal note is never sent');
select tests.clear_authentication();
create temp table claimed as select * from public.channel_outbox_claim(10);
select is((select customer_id || ' ' || page_id || ' ' || platform from claimed), 'PSID-7 910000000000001 facebook',
  'outbox: the claim names the customer, the page and the platform');
select is((select count(*) from public.channel_outbox_claim(10)), 0::bigint, 'outbox: a claimed row is not claimed twice');
select is(public.channel_outbox_mark((select message_id from claimed), false, null, '2', 'temporarily unavailable', true)::text, 'pending',
  'outbox: a transient failure goes back to pending');
select ok((select next_attempt_at > now() and error_message = 'temporarily unavailable' from public.channel_messages
           where message_id = (select message_id from claimed)), 'outbox: with a backoff and the platform''s error kept');
update public.channel_messages set next_attempt_at = now() where message_id = (select message_id from claimed);
select is((select attempts from public.channel_outbox_claim(10)), 2, 'outbox: the retry is the second attempt');
select is(public.channel_outbox_mark((select message_id from claimed), true, 'm_out_1', null, null, false)::text, 'sent',
  'outbox: then it is sent');
select is(public.channel_outbox_mark((select message_id from claimed), true, 'm_out_1', null, null, false), null,
  'outbox: marking it again changes nothing (sent once)');
select public.channel_receive('facebook', '910000000000001', '[{"kind": "delivered", "customer": "PSID-7", "mids": ["m_out_1"]}]');
select is((select status::text from public.channel_messages where platform_message_id = 'm_out_1'), 'delivered',
  'outbox: the delivery receipt marks it delivered');
select public.channel_receive('facebook', '910000000000001',
  format('[{"kind": "read", "customer": "PSID-7", "watermark": %s}]', (extract(epoch from now() + interval '1 minute') * 1000)::bigint)::jsonb);
select is((select status::text from public.channel_messages where platform_message_id = 'm_out_1'), 'read',
  'outbox: the read receipt (watermark) marks it read');
select is((select count(*) from public.channel_messages cm join public.messages m on m.id = cm.message_id where m.body = 'Yes, it left this morning.'), 1::bigint,
  'outbox: the reply has one delivery record');

-- a failure a retry cannot fix fails at once
insert into public.messages (organization_id, conversation_id, sender_type, body)
select organization_id, id, 'agent', 'Too late?' from public.conversations where external_customer_id = 'PSID-8';
select is(public.channel_outbox_mark((select message_id from public.channel_outbox_claim(10)), false, null, '10/2018278',
  'This message is sent outside of allowed window.', false)::text, 'failed', 'outbox: a window violation fails without retrying');

-- after Acme disconnects, the page is free for another organization
update public.integrations set status = 'disconnected' where id = current_setting('tests.acme_page')::uuid;
select isnt(public.channel_connect('b0000000-0000-4000-8000-000000000001', 'user_globex_owner', 'facebook', '910000000000001',
  'Now Globex', 'EAAB-g', null, null, null, repeat('k', 32)), current_setting('tests.acme_page')::uuid,
  'channel_connect: a disconnected page can be connected by another organization');

select * from finish();
rollback;
