-- Channels (issue 14): integrations and their delivery records are isolated like every tenant
-- table, only admins manage them, and the page / OA tokens are unreadable by anyone through the
-- API: not the owner, not anon, not even the service role outside the one definer function.
begin;
select plan(41);

-- fixtures, as postgres (what the connect flow does with the service role)
select set_config('tests.acme_page', public.channel_connect('a0000000-0000-4000-8000-000000000001', 'user_acme_admin', 'facebook',
  '910000000000001', 'Acme Page', 'EAAB-acme-page-token', null, now() + interval '60 days', null, repeat('k', 32))::text, true);
select set_config('tests.globex_oa', public.channel_connect('b0000000-0000-4000-8000-000000000001', 'user_globex_owner', 'zalo',
  '920000000000002', 'Globex OA', 'zalo-globex-access', 'zalo-globex-refresh', now() + interval '25 hours',
  now() + interval '90 days', repeat('k', 32))::text, true);
select public.channel_receive('facebook', '910000000000001',
  '[{"kind": "message", "customer": "PSID-1", "mid": "m_acme_1", "text": "hello"}]');

-- integrations: outsiders read nothing of Acme, and write nothing
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.integrations where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'integrations: a Globex owner sees no Acme channel');
select isnt_empty($$ select 1 from public.integrations where external_id = '920000000000002' $$,
  'integrations: a Globex owner sees the Globex channel');
select is(tests.row_count($$ update public.integrations set display_name = 'pwned' where organization_id = 'a0000000-0000-4000-8000-000000000001' $$),
  0::bigint, 'integrations: a Globex owner renames no Acme channel');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.integrations $$, 'integrations: a Globex owner whose token claims Acme sees nothing');
select is(tests.row_count($$ update public.integrations set ai_enabled = true $$), 0::bigint,
  'integrations: a Globex owner whose token claims Acme updates nothing');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.integrations where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'integrations: the consultant with Globex active sees no Acme channel');
select tests.authenticate_as('user_nobody', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.integrations $$, 'integrations: a non-member claiming Acme sees nothing');
select tests.authenticate_as_anon();
select throws_ok($$ select 1 from public.integrations $$, '42501', null, 'integrations: anon has no select privilege');
select throws_ok($$ update public.integrations set display_name = 'x' $$, '42501', null, 'integrations: anon has no update privilege');

-- members: everyone reads, admins rename or switch the AI, nobody inserts or deletes directly
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select isnt_empty($$ select 1 from public.integrations where external_id = '910000000000001' $$, 'integrations: an Acme viewer reads the channel');
select tests.authenticate_as('user_consultant', 'a0000000-0000-4000-8000-000000000001');
select isnt_empty($$ select 1 from public.integrations where external_id = '910000000000001' $$,
  'integrations: the consultant with Acme active reads the channel');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.integrations set ai_enabled = true $$), 0::bigint, 'integrations: an Acme agent updates nothing');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.integrations set ai_enabled = true, display_name = 'Acme Support' $$), 1::bigint,
  'integrations: an Acme admin switches the AI on and renames the channel');
select throws_ok($$ update public.integrations set status = 'active', external_id = '1' $$, '42501', null,
  'integrations: an admin cannot rewrite the status or the page id (column privileges)');
select throws_ok($$ insert into public.integrations (organization_id, platform, external_id, display_name)
  values ('a0000000-0000-4000-8000-000000000001', 'facebook', '930000000000003', 'Squatted') $$, '42501', null,
  'integrations: an Acme admin cannot insert a channel without the connect flow (no page is claimed without its token)');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ delete from public.integrations $$, '42501', null, 'integrations: not even an owner deletes a channel (disconnect keeps it for audit)');

-- the tokens: private, sealed, readable only through channel_credentials with the key
select throws_ok($$ select access_token from private.integration_secrets $$, '42501', null,
  'integration_secrets: an Acme owner cannot read the tokens');
select throws_ok($$ select * from public.channel_credentials(current_setting('tests.acme_page')::uuid, repeat('k', 32)) $$, '42501', null,
  'channel_credentials: an Acme owner cannot call it');
select throws_ok($$ select public.channel_connect('a0000000-0000-4000-8000-000000000001', 'user_acme_owner', 'facebook',
  '930000000000003', 'x', 'token', null, null, null, repeat('k', 32)) $$, '42501', null,
  'channel_connect: not callable by a member directly (the connect flow proves the page first)');
select throws_ok($$ select public.channel_receive('facebook', '910000000000001', '[]') $$, '42501', null,
  'channel_receive: not callable by a member');
select tests.authenticate_as_anon();
select throws_ok($$ select access_token from private.integration_secrets $$, '42501', null, 'integration_secrets: anon cannot read the tokens');
select tests.clear_authentication();
select ok(not has_table_privilege('service_role', 'private.integration_secrets', 'select')
  and not has_table_privilege('authenticated', 'private.integration_secrets', 'select')
  and not has_table_privilege('anon', 'private.integration_secrets', 'select'),
  'integration_secrets: no API role holds a privilege on the table');
select ok(not exists (select 1 from pg_namespace n where n.nspname = 'private' and has_schema_privilege('anon', n.oid, 'usage')),
  'the private schema is not usable by anon');
select is((select count(*) from private.integration_secrets
           where position(convert_to('EAAB-acme-page-token', 'UTF8') in access_token) > 0
              or position(convert_to('zalo-globex-refresh', 'UTF8') in coalesce(refresh_token, '')) > 0), 0::bigint,
  'integration_secrets: the stored bytes do not contain the tokens (encrypted at rest)');
select is((select access_token from public.channel_credentials(current_setting('tests.acme_page')::uuid, repeat('k', 32))), 'EAAB-acme-page-token',
  'channel_credentials: the key opens the page token');
select is((select refresh_token from public.channel_credentials(current_setting('tests.globex_oa')::uuid, repeat('k', 32))), 'zalo-globex-refresh',
  'channel_credentials: and the OA refresh token');
select throws_ok($$ select * from public.channel_credentials(current_setting('tests.acme_page')::uuid, repeat('x', 32)) $$, '39000', null,
  'channel_credentials: another key opens nothing');
select throws_ok($$ select * from public.channel_credentials(current_setting('tests.acme_page')::uuid, 'short') $$, '22023', null,
  'channel_credentials: a short key is refused');

-- channel_messages: read by members, written by nobody through the API
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.channel_messages where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'channel_messages: a Globex owner sees no Acme delivery');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.channel_messages $$, 'channel_messages: a Globex owner whose token claims Acme sees nothing');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.channel_messages where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'channel_messages: the consultant with Globex active sees no Acme delivery');
select tests.authenticate_as('user_nobody', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.channel_messages $$, 'channel_messages: a non-member claiming Acme sees nothing');
select tests.authenticate_as_anon();
select throws_ok($$ select 1 from public.channel_messages $$, '42501', null, 'channel_messages: anon has no select privilege');
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select is((select platform_message_id from public.channel_messages), 'm_acme_1', 'channel_messages: an Acme viewer reads the delivery');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ update public.channel_messages set status = 'failed' $$, '42501', null, 'channel_messages: not even an owner updates one');
select throws_ok($$ delete from public.channel_messages $$, '42501', null, 'channel_messages: nor deletes one');
select throws_ok($$ insert into public.channel_messages (message_id, organization_id, integration_id, conversation_id, direction, status)
  select message_id, organization_id, integration_id, conversation_id, 'out', 'pending' from public.channel_messages $$, '42501', null,
  'channel_messages: nor inserts one');

-- disconnect: admins of the channel's organization only; the tokens are destroyed
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.disconnect_integration(current_setting('tests.acme_page')::uuid) $$, 'PGRST', null,
  'disconnect_integration: a Globex owner cannot disconnect Acme''s page');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.disconnect_integration(current_setting('tests.acme_page')::uuid) $$, 'PGRST', null,
  'disconnect_integration: an Acme agent cannot disconnect');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$ select public.disconnect_integration(current_setting('tests.acme_page')::uuid) $$, 'disconnect_integration: an Acme admin disconnects');
select tests.clear_authentication();
select ok((select status = 'disconnected' and connected_by = 'user_acme_admin' from public.integrations where id = current_setting('tests.acme_page')::uuid)
  and not exists (select 1 from private.integration_secrets where integration_id = current_setting('tests.acme_page')::uuid),
  'disconnect_integration: the row stays (with who connected it) and the tokens are gone');

select * from finish();
rollback;
