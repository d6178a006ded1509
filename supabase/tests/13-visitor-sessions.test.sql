-- visitor_sessions and website_secrets: visitors (anon) have no table access at all, admins read
-- their own organization's sessions and manage its website secrets; assistant settings are validated.
begin;
select plan(36);

-- widget session results, kept for later statements (temp table: gone at rollback)
create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated;

-- anon: no privilege on these tables, nor on messages and conversations
select tests.authenticate_as_anon();
select throws_ok($$ select * from public.visitor_sessions $$, '42501', 'permission denied for table visitor_sessions',
  'anon cannot read visitor_sessions');
select throws_ok($$ select * from public.website_secrets $$, '42501', 'permission denied for table website_secrets',
  'anon cannot read website_secrets');
select throws_ok($$ select 1 from public.messages $$, '42501', 'permission denied for table messages',
  'anon cannot read messages');
select throws_ok($$ select 1 from public.conversations $$, '42501', 'permission denied for table conversations',
  'anon cannot read conversations');
select ok(not has_table_privilege('anon', 'public.visitor_sessions', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE'),
  'anon holds no privilege on visitor_sessions');
select ok(not has_table_privilege('anon', 'public.website_secrets', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE'),
  'anon holds no privilege on website_secrets');
-- positive control: anon opens sessions through the widget function
select lives_ok($$ insert into tok select 'acme', public.widget_start_session('wk_acme_main', 'https://acme.com') $$,
  'anon opens an Acme widget session through widget_start_session');
select lives_ok($$ insert into tok select 'globex', public.widget_start_session('wk_globex_main', 'https://globex.com') $$,
  'anon opens a Globex widget session');

select tests.clear_authentication();
select is((select count(*) from public.visitor_sessions s, tok
           where tok.name = 'acme' and s.token_hash = encode(sha256(convert_to(tok.r ->> 'session_token', 'UTF8')), 'hex')),
  1::bigint, 'the session is stored under the sha256 of its token');
select is_empty($$ select 1 from public.visitor_sessions s, tok where s.token_hash = tok.r ->> 'session_token' $$,
  'the token itself is never stored');

-- members: only admins (and owners) read sessions, only their active org's
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select isnt_empty($$ select 1 from public.visitor_sessions s join tok on tok.name = 'acme' and s.conversation_id = (tok.r ->> 'conversation_id')::uuid $$,
  'an Acme admin reads the Acme widget session');
select is_empty($$ select 1 from public.visitor_sessions where organization_id = 'b0000000-0000-4000-8000-000000000001' $$,
  'an Acme admin reads no Globex session');
select throws_ok($$ insert into public.visitor_sessions (organization_id, website_id, visitor_id, conversation_id, token_hash) values
    ('a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001', 'a4000000-0000-4000-8000-000000000001',
     'a2000000-0000-4000-8000-000000000001', repeat('a', 64)) $$,
  '42501', 'permission denied for table visitor_sessions', 'an Acme admin cannot create a session directly');
select throws_ok($$ update public.visitor_sessions set expires_at = now() + interval '10 years' $$,
  '42501', 'permission denied for table visitor_sessions', 'an Acme admin cannot extend a session directly');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select isnt_empty($$ select 1 from public.visitor_sessions where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'an Acme owner reads Acme sessions');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.visitor_sessions $$, 'an Acme agent reads no sessions');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.visitor_sessions where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'the Globex owner reads no Acme session');
select isnt_empty($$ select 1 from public.visitor_sessions where organization_id = 'b0000000-0000-4000-8000-000000000001' $$,
  'the Globex owner reads the Globex session (positive control)');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.visitor_sessions $$, 'the Globex owner claiming Acme reads no session');

select tests.clear_authentication();
select throws_ok($$ update public.visitor_sessions set organization_id = 'b0000000-0000-4000-8000-000000000001'
    where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  '42501', 'organization_id of public.visitor_sessions cannot change', 'a session cannot move to another organization');

-- website_secrets: admins only
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is((select identity_secret from public.website_secrets where website_id = 'a1000000-0000-4000-8000-000000000001'),
  'acme-identity-secret-dev', 'an Acme admin reads the acme.com identity secret');
select lives_ok($$ insert into public.website_secrets (website_id, organization_id) values
    ('a1000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001') $$,
  'an Acme admin creates a secret for another Acme website');
select ok((select identity_secret ~ '^[0-9a-f]{64}$' from public.website_secrets where website_id = 'a1000000-0000-4000-8000-000000000002'),
  'the default secret is 64 random hex characters');
select throws_ok($$ insert into public.website_secrets (website_id, organization_id) values
    ('b1000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001') $$,
  '23503', null, 'an Acme admin cannot attach a secret to a Globex website');
select is(tests.row_count($$ update public.website_secrets set identity_secret = default
    where website_id = 'a1000000-0000-4000-8000-000000000002' $$), 1::bigint, 'an Acme admin rotates a secret');
select isnt((select rotated_at from public.website_secrets where website_id = 'a1000000-0000-4000-8000-000000000002'), null,
  'rotation stamps rotated_at');
select throws_ok($$ update public.website_secrets set website_id = 'a1000000-0000-4000-8000-000000000003' $$,
  '42501', 'permission denied for table website_secrets', 'a secret cannot be moved to another website');

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.website_secrets $$, 'an Acme agent reads no secrets');
select throws_ok($$ insert into public.website_secrets (website_id, organization_id) values
    ('a1000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001') $$,
  '42501', 'new row violates row-level security policy for table "website_secrets"', 'an Acme agent cannot create a secret');
select is(tests.row_count($$ update public.website_secrets set identity_secret = default $$), 0::bigint,
  'an Acme agent rotates no secret');

select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.website_secrets where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'the Globex owner reads no Acme secret');
select is(tests.row_count($$ delete from public.website_secrets $$), 0::bigint, 'the Globex owner deletes no Acme secret');

select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ delete from public.website_secrets where website_id = 'a1000000-0000-4000-8000-000000000002' $$), 1::bigint,
  'an Acme admin deletes a secret (positive control)');

-- assistant settings
select tests.clear_authentication();
select throws_ok($$ update public.organizations set settings = settings || '{"escalation_threshold": 1.5}'
    where slug = 'acme' $$, '23514', null, 'an escalation_threshold above 1 is rejected');
select throws_ok($$ update public.organizations set settings = settings || '{"escalation_threshold": "high", "greeting": 5}'
    where slug = 'acme' $$, '23514', null, 'a non-numeric threshold or non-string greeting is rejected');
select is(private.assistant_settings((select settings from public.organizations where slug = 'acme')),
  jsonb_build_object('name', 'Acme Concierge', 'greeting', 'Hi! I''m the Acme Concierge. Ask me about orders, billing or your account.',
    'escalation_threshold', 0.55),
  'Acme''s assistant settings come from the seed');

select * from finish();
rollback;
