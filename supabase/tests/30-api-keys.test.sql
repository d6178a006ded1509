-- api_keys: admins create (through create_api_key), list, rename, revoke and delete their
-- organization's keys; the key is returned once and only its hash is stored.
begin;
select plan(36);

create temp table k (name text primary key, id uuid, key text) on commit drop;
grant all on k to authenticated, anon;

-- creation
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
insert into k select 'acme', (j ->> 'id')::uuid, j ->> 'key' from public.create_api_key('  Zapier  ', '{read,ingest:write,read}') j;
select matches((select key from k where name = 'acme'), '^ck_live_[0-9a-f]{48}$', 'a new key is ck_live_ + 48 hex digits');
select results_eq($$ select name, prefix, scopes from public.api_keys where id = (select id from k where name = 'acme') $$,
  $$ values ('Zapier'::text, (select left(key, 16) from k where name = 'acme'), '{ingest:write,read}'::text[]) $$,
  'the admin lists it: trimmed name, a 16-character prefix, de-duplicated sorted scopes');
select is((select created_by from public.api_keys where id = (select id from k where name = 'acme')), 'user_acme_admin', 'created_by is the admin');
select throws_ok($$ select key_hash from public.api_keys $$, '42501', null, 'nobody reads key hashes through the API');
select tests.clear_authentication();
select is((select key_hash from public.api_keys where id = (select id from k where name = 'acme')),
  (select encode(sha256(convert_to(key, 'UTF8')), 'hex') from k where name = 'acme'), 'the stored hash is the sha256 of the key');
select is_empty($$ select 1 from public.api_keys a, k where a.id = k.id and (row_to_json(a)::text like '%' || k.key || '%') $$,
  'the key itself is stored nowhere in its row');

select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.create_api_key('x', '{admin}') $$, '22023', null, 'an unknown scope is refused');
select throws_ok($$ select public.create_api_key('x', '{}') $$, '22023', null, 'an empty scope list is refused');
select throws_ok($$ select public.create_api_key('  ', '{read}') $$, '22023', null, 'a blank name is refused');
select throws_ok($$ insert into public.api_keys (organization_id, name, prefix, key_hash, scopes)
    values ('a0000000-0000-4000-8000-000000000001', 'mine', 'ck_live_00000000', repeat('0', 64), '{read}') $$,
  '42501', null, 'an admin cannot insert a key of their choosing');

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.create_api_key('x', '{read}') $$, '42501', null, 'an agent cannot create keys');
select is_empty($$ select 1 from public.api_keys $$, 'an agent sees no keys');
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.api_keys $$, 'a viewer sees no keys');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.create_api_key('x', '{read}') $$, '42501', null, 'a Globex owner claiming Acme cannot create an Acme key');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
insert into k select 'globex', (j ->> 'id')::uuid, j ->> 'key' from public.create_api_key('Globex CRM', '{ingest:write}') j;
select is((select organization_id from public.api_keys where id = (select id from k where name = 'globex')),
  'b0000000-0000-4000-8000-000000000001'::uuid, 'a Globex owner creates a Globex key (positive control)');
select is_empty($$ select 1 from public.api_keys where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'the Globex owner sees no Acme keys');
select is(tests.row_count($$ update public.api_keys set revoked_at = now() where id = (select id from k where name = 'acme') $$), 0::bigint,
  'the Globex owner cannot revoke an Acme key');
select is(tests.row_count($$ delete from public.api_keys where id = (select id from k where name = 'acme') $$), 0::bigint,
  'the Globex owner cannot delete an Acme key');
select tests.authenticate_as('user_consultant', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.api_keys $$, 'the consultant (an agent) sees no Acme keys');
select tests.authenticate_as_anon();
select throws_ok($$ select 1 from public.api_keys $$, '42501', null, 'anon has no access to api_keys');
select throws_ok($$ select public.create_api_key('x', '{read}') $$, '42501', null, 'anon cannot create keys');

-- authentication (the ingest functions' check)
select tests.clear_authentication();
select is((private.api_key_authenticate((select key from k where name = 'acme'), 'ingest:write')).organization_id,
  'a0000000-0000-4000-8000-000000000001'::uuid, 'a live key authenticates for its organization');
select isnt((select last_used_at from public.api_keys where id = (select id from k where name = 'acme')), null, 'and records last_used_at');
update public.api_keys set last_used_at = now() - interval '30 seconds' where id = (select id from k where name = 'acme');
do $$ begin perform private.api_key_authenticate((select key from k where name = 'acme'), 'read'); end $$;
select cmp_ok((select last_used_at from public.api_keys where id = (select id from k where name = 'acme')), '<', now() - interval '20 seconds',
  'last_used_at is written at most once a minute');
select throws_ok($$ select private.api_key_authenticate((select key from k where name = 'globex'), 'read') $$,
  '42501', 'this API key lacks the read scope', 'a key without the scope is refused with 42501');
select throws_ok($$ select private.api_key_authenticate('ck_live_' || repeat('0', 48), 'read') $$,
  '28000', 'invalid or revoked API key', 'an unknown key is refused with 28000');
select throws_ok($$ select private.api_key_authenticate(null, 'read') $$, '28000', null, 'a missing key is refused with 28000');
select throws_ok($$ select private.api_key_authenticate((select upper(key) from k where name = 'acme'), 'read') $$,
  '28000', null, 'a mangled key is refused with 28000');

-- rename, revoke, delete
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.api_keys set revoked_at = now() where id = (select id from k where name = 'acme') $$), 0::bigint,
  'an agent cannot revoke a key');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.api_keys set name = 'Zapier (prod)' where id = (select id from k where name = 'acme') $$), 1::bigint,
  'an admin renames a key');
select throws_ok($$ update public.api_keys set scopes = '{read}' where id = (select id from k where name = 'acme') $$,
  '42501', null, 'scopes cannot be changed after creation');
select is(tests.row_count($$ update public.api_keys set revoked_at = '2000-01-01' where id = (select id from k where name = 'acme') $$), 1::bigint,
  'an admin revokes a key');
select ok((select revoked_at > now() - interval '1 minute' and revoked_by = 'user_acme_admin' from public.api_keys
  where id = (select id from k where name = 'acme')), 'the revocation is stamped now, by the admin, whatever time was sent');
select throws_ok($$ update public.api_keys set revoked_at = null where id = (select id from k where name = 'acme') $$,
  '55000', 'a revoked API key cannot be restored', 'a revoked key cannot be restored');
select tests.clear_authentication();
select throws_ok($$ select private.api_key_authenticate((select key from k where name = 'acme'), 'ingest:write') $$,
  '28000', null, 'a revoked key stops working at once');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ delete from public.api_keys where id = (select id from k where name = 'acme') $$), 1::bigint,
  'an admin deletes a key');

select * from finish();
rollback;
