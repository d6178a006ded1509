-- Channels' connect flows (issue 14): only an organization's admins and owners may start one
-- (channel_connect_caller, which the channel-connect function signs its OAuth state with), and a
-- page / OA that stops working tells those admins by email, once per incident.
begin;
select plan(14);

-- who may connect
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(public.channel_connect_caller(),
  jsonb_build_object('organization_id', 'a0000000-0000-4000-8000-000000000001', 'user_id', 'user_acme_admin', 'slug', 'acme'),
  'channel_connect_caller: an Acme admin connects for Acme, as themself');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select is(public.channel_connect_caller() ->> 'user_id', 'user_acme_owner', 'channel_connect_caller: the owner may connect');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok('select public.channel_connect_caller()', '42501', null, 'channel_connect_caller: an agent is refused');
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select throws_ok('select public.channel_connect_caller()', '42501', null, 'channel_connect_caller: a viewer is refused');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok('select public.channel_connect_caller()', '42501', null,
  'channel_connect_caller: a Globex owner whose token claims Acme is refused');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is(public.channel_connect_caller() ->> 'organization_id', 'b0000000-0000-4000-8000-000000000001',
  'channel_connect_caller: the Globex owner connects for Globex only');
select tests.authenticate_as('user_acme_admin');
select throws_ok('select public.channel_connect_caller()', '42501', null, 'channel_connect_caller: no active organization, refused');
select tests.clear_authentication();
select ok(not has_function_privilege('anon', 'public.channel_connect_caller()', 'execute'),
  'channel_connect_caller: anon cannot call it');
select ok(not has_function_privilege('authenticated', 'public.channel_needs_reconnect(uuid, text)', 'execute'),
  'channel_needs_reconnect: members cannot mark a channel broken (service role only)');

-- needs reconnecting: the admins and owners are emailed, once per incident
select set_config('tests.zalo', public.channel_connect('a0000000-0000-4000-8000-000000000001', 'user_acme_owner', 'zalo',
  '940000000000004', 'Acme OA', 'zat', 'zrt', now() + interval '20 minutes', null, repeat('k', 32))::text, true);
select public.channel_needs_reconnect(current_setting('tests.zalo')::uuid, 'Zalo refused to refresh the token: Invalid refresh token');
select results_eq(
  $$ select recipient from public.email_outbox where kind = 'channel_alert' and payload ->> 'integration_id' = current_setting('tests.zalo')
     order by 1 $$,
  $$ select lower(u.email) from public.organization_members m join public.users u on u.id = m.user_id
     where m.organization_id = 'a0000000-0000-4000-8000-000000000001' and m.role >= 'admin' order by 1 $$,
  'channel_needs_reconnect: every Acme admin and owner gets an alert');
select is((select count(*)::int from public.email_outbox where kind = 'channel_alert' and payload ->> 'integration_id' = current_setting('tests.zalo')
           and recipient in (select lower(u.email) from public.users u where u.id in ('user_acme_agent', 'user_globex_owner'))), 0,
  'channel_needs_reconnect: agents and other organizations are not emailed');
select public.channel_needs_reconnect(current_setting('tests.zalo')::uuid, 'again');
select is((select count(*)::int from public.email_outbox where kind = 'channel_alert' and payload ->> 'integration_id' = current_setting('tests.zalo')),
  (select count(*)::int from public.organization_members where organization_id = 'a0000000-0000-4000-8000-000000000001' and role >= 'admin'),
  'channel_needs_reconnect: a second failure of the same incident emails nobody again');
select is((select status_reason from public.integrations where id = current_setting('tests.zalo')::uuid),
  'Zalo refused to refresh the token: Invalid refresh token', 'channel_needs_reconnect: the first reason stays for the admins');
select is((select private.email_context(o) -> 'data' ->> 'integration_name' from public.email_outbox o
           where o.kind = 'channel_alert' and o.payload ->> 'integration_id' = current_setting('tests.zalo') limit 1),
  'Acme OA', 'email_context: the alert names the OA');

select * from finish();
rollback;
