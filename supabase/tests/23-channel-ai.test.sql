-- The AI concierge on channels (issue 14): the organization-scoped article search, the AI turn of a
-- stored customer message and the hand-over are for the service role alone, search one
-- organization's published articles only, answer a message once and stay silent once the team
-- has the conversation.
begin;
select plan(27);

select set_config('tests.page', public.channel_connect('a0000000-0000-4000-8000-000000000001', 'user_acme_admin', 'facebook',
  '923000000000001', 'Acme AI Page', 'EAAB-acme', null, null, null, repeat('k', 32))::text, true);

-- only the service role may call them
select ok(not has_function_privilege('anon', 'public.channel_search_articles(uuid, text, integer)', 'execute')
  and not has_function_privilege('authenticated', 'public.channel_search_articles(uuid, text, integer)', 'execute')
  and has_function_privilege('service_role', 'public.channel_search_articles(uuid, text, integer)', 'execute'),
  'channel_search_articles: executable by the service role alone');
select ok(not has_function_privilege('anon', 'public.channel_ai_turn(uuid, integer)', 'execute')
  and not has_function_privilege('authenticated', 'public.channel_ai_turn(uuid, integer)', 'execute')
  and has_function_privilege('service_role', 'public.channel_ai_turn(uuid, integer)', 'execute'),
  'channel_ai_turn: executable by the service role alone');
select ok(not has_function_privilege('anon', 'public.channel_hand_over(uuid, text)', 'execute')
  and not has_function_privilege('authenticated', 'public.channel_hand_over(uuid, text)', 'execute')
  and has_function_privilege('service_role', 'public.channel_hand_over(uuid, text)', 'execute'),
  'channel_hand_over: executable by the service role alone');
select ok(not has_function_privilege('anon', 'private.org_search_articles(uuid, text, text, integer)', 'execute')
  and not has_function_privilege('authenticated', 'private.org_search_articles(uuid, text, text, integer)', 'execute'),
  'org_search_articles: not callable through the API');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.channel_search_articles('a0000000-0000-4000-8000-000000000001', 'reset password', 3) $$, '42501', null,
  'channel_search_articles: an Acme owner cannot call it');
select tests.authenticate_as_anon();
select throws_ok($$ select public.channel_ai_turn(gen_random_uuid(), 0) $$, '42501', null, 'channel_ai_turn: anon cannot call it');
select tests.clear_authentication();

-- organization-scoped: Acme's search never returns Globex's articles, and the reverse
select ok(jsonb_array_length(public.channel_search_articles('a0000000-0000-4000-8000-000000000001', 'How do I reset my password?', 5) -> 'articles') > 0,
  'channel_search_articles: finds Acme''s password article');
select is((select count(*) from jsonb_array_elements(public.channel_search_articles('a0000000-0000-4000-8000-000000000001',
             'How do I reset my Globex password?', 10) -> 'articles') a
           join public.articles x on x.id = (a ->> 'id')::uuid
           where x.organization_id <> 'a0000000-0000-4000-8000-000000000001'), 0::bigint,
  'channel_search_articles: Acme''s search returns none of Globex''s articles, even naming Globex');
select is((select count(*) from jsonb_array_elements(public.channel_search_articles('b0000000-0000-4000-8000-000000000001',
             'How do I reset my password?', 10) -> 'articles') a
           join public.articles x on x.id = (a ->> 'id')::uuid
           where x.organization_id <> 'b0000000-0000-4000-8000-000000000001'), 0::bigint,
  'channel_search_articles: Globex''s search returns none of Acme''s articles');
select is((select count(*) from jsonb_array_elements(public.channel_search_articles('a0000000-0000-4000-8000-000000000001',
             'password invoice shipping refunds subscription', 10) -> 'articles') a
           join public.articles x on x.id = (a ->> 'id')::uuid
           where not x.is_published), 0::bigint,
  'channel_search_articles: only published articles');
select throws_ok($$ select public.channel_search_articles('a0000000-0000-4000-8000-000000000001', 'x', 11) $$, '22023', null,
  'channel_search_articles: the widget''s limits apply');

-- the "AI answers" switch: admins of the organization only
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count(format('update public.integrations set ai_enabled = true where id = %L', current_setting('tests.page'))), 0::bigint,
  'ai_enabled: an Acme agent cannot switch AI answers');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is(tests.row_count(format('update public.integrations set ai_enabled = true where id = %L', current_setting('tests.page'))), 0::bigint,
  'ai_enabled: a Globex owner cannot switch Acme''s AI answers');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count(format('update public.integrations set ai_enabled = false where id = %L', current_setting('tests.page'))), 1::bigint,
  'ai_enabled: an Acme admin switches AI answers');
select tests.clear_authentication();

-- the AI turn: off for the integration, nothing to do
select public.channel_receive('facebook', '923000000000001',
  '[{"kind": "message", "customer": "PSID-AI-1", "mid": "m_ai_1", "text": "How do I reset my password?"}]');
select set_config('tests.conv', (select id::text from public.conversations where external_customer_id = 'PSID-AI-1'), true);
select is(public.channel_ai_turn(current_setting('tests.conv')::uuid, 0) ->> 'skip', 'ai_disabled',
  'channel_ai_turn: with the AI off for the page it does nothing');

-- on: the customer stays with the assistant, which gets Acme's retrieval and a reply key
update public.integrations set ai_enabled = true where id = current_setting('tests.page')::uuid;
select public.channel_receive('facebook', '923000000000001',
  '[{"kind": "message", "customer": "PSID-AI-2", "mid": "m_ai_2", "text": "How do I reset my password?"}]');
select set_config('tests.conv2', (select id::text from public.conversations where external_customer_id = 'PSID-AI-2'), true);
select is((select state::text from public.conversations where id = current_setting('tests.conv2')::uuid), 'bot',
  'channel_receive: with the AI on, the customer''s message stays with the assistant');
create temp table turn as select public.channel_ai_turn(current_setting('tests.conv2')::uuid, 4) as t;
select is((select t ->> 'question' from turn), 'How do I reset my password?', 'channel_ai_turn: the question is the stored message');
select is((select t ->> 'reply_key' from turn), 'ai:ch:' || (select t ->> 'id' from turn), 'channel_ai_turn: the reply key names the message');
select ok((select jsonb_array_length(t -> 'retrieval' -> 'articles') > 0 from turn)
  and not exists (select 1 from turn, jsonb_array_elements(t -> 'retrieval' -> 'articles') a
                  join public.articles x on x.id = (a ->> 'id')::uuid
                  where x.organization_id <> 'a0000000-0000-4000-8000-000000000001'),
  'channel_ai_turn: the retrieval holds Acme''s articles only');
select ok(public.store_ai_reply(current_setting('tests.conv2')::uuid, (select t ->> 'reply_key' from turn), 'Use "Forgot password".',
    '{"confidence": 0.9}') ? 'id',
  'store_ai_reply: stores the answer under the channel reply key');
select is((select cm.status::text from public.channel_messages cm join public.messages m on m.id = cm.message_id
           where m.conversation_id = current_setting('tests.conv2')::uuid and m.sender_type = 'ai' and cm.direction = 'out'), 'pending',
  'the answer waits in the channel outbox');
select is(public.channel_ai_turn(current_setting('tests.conv2')::uuid, 4) ->> 'skip', 'answered',
  'channel_ai_turn: a message already answered is not answered again');

-- the hand-over: a ticket with the assistant's reason, the team queue, and silence after it
select throws_ok(format('select public.channel_hand_over(%L, %L)', current_setting('tests.conv2'), 'because'), '22023', null,
  'channel_hand_over: only the escalation reasons');
select is(public.channel_hand_over(current_setting('tests.conv2')::uuid, 'low_confidence') ->> 'created', 'true',
  'channel_hand_over: creates the ticket');
select is((select t.ai_context ->> 'reason' || '/' || c.state::text || '/' || t.subject from public.tickets t
           join public.conversations c on c.id = t.conversation_id
           where t.conversation_id = current_setting('tests.conv2')::uuid),
  'low_confidence/waiting_for_agent/How do I reset my password?',
  'channel_hand_over: with the reason, the question as subject, waiting for the team');
select public.channel_receive('facebook', '923000000000001',
  '[{"kind": "message", "customer": "PSID-AI-2", "mid": "m_ai_3", "text": "Hello?"}]');
select is(public.channel_ai_turn(current_setting('tests.conv2')::uuid, 4) ->> 'skip', 'handled_by_team',
  'channel_ai_turn: once the team has the conversation the assistant stays silent');
select throws_ok(format('select public.channel_hand_over(%L, %L)',
    (select id from public.conversations where integration_id is null limit 1), 'low_confidence'), 'P0002', null,
  'channel_hand_over: only channel conversations');

select * from finish();
rollback;
