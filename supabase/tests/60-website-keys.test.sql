-- Website keys are issued by the database and never reused: a removed website's key cannot be
-- taken over by another organization (who would then receive its visitors), members cannot choose
-- or change a key, and retired keys are kept out of reach of the API roles.
begin;
select plan(17);

-- Acme removes its shop website; its pages may still embed wk_acme_shop
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ delete from public.websites where public_key = 'wk_acme_shop' $$), 1::bigint,
  'an Acme admin removes the Acme shop website');

-- a Globex admin tries to take the key over
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.websites (organization_id, domain, name, public_key, allowed_origins)
    values ('b0000000-0000-4000-8000-000000000001', 'shop.globex.com', 'Not the Acme shop', 'wk_acme_shop', '{https://shop.acme.com}') $$,
  '42501', null, 'another organization''s admin cannot create a website with a removed website''s key');
select throws_ok($$ update public.websites set public_key = 'wk_acme_shop' where id = 'b1000000-0000-4000-8000-000000000001' $$,
  '42501', null, 'nor move it onto one of their own websites');
select throws_ok($$ insert into public.websites (organization_id, domain, name, public_key)
    values ('b0000000-0000-4000-8000-000000000001', 'mine.globex.com', 'Chosen key', 'wk_my_favourite_key') $$,
  '42501', null, 'an admin cannot choose a website key at all');
select throws_ok($$ update public.websites set public_key = 'wk_my_favourite_key' where id = 'b1000000-0000-4000-8000-000000000001' $$,
  '42501', null, 'nor change the key of their own website');
select lives_ok($$ insert into public.websites (organization_id, domain, name, allowed_origins)
    values ('b0000000-0000-4000-8000-000000000001', 'store.globex.com', 'Globex store', '{https://store.globex.com}') $$,
  'a Globex admin adds a website without a key (positive control)');
select matches((select public_key from public.websites where domain = 'store.globex.com'), '^wk_[0-9a-f]{32}$',
  'and the database issues its key');
select is(tests.row_count($$ update public.websites set name = 'Globex HQ', allowed_origins = '{https://globex.com}'
    where id = 'b1000000-0000-4000-8000-000000000001' $$), 1::bigint,
  'an admin still edits a website''s name and origins (positive control)');

-- the removed website's visitors reach nobody
select tests.authenticate_as_anon();
select throws_ok($$ select public.widget_start_session('wk_acme_shop', 'https://shop.acme.com') $$,
  'PGRST', null, 'a page still embedding the removed key opens no session');

-- tombstones: kept, and not readable by the API roles
select throws_ok($$ select * from private.retired_website_keys $$, '42501', null, 'anon cannot read retired keys');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select * from private.retired_website_keys $$, '42501', null, 'a member cannot read retired keys');
select tests.clear_authentication();
select is((select organization_id from private.retired_website_keys where public_key = 'wk_acme_shop'),
  'a0000000-0000-4000-8000-000000000001'::uuid, 'the removed key is kept as a tombstone of its organization');

-- not even trusted code (seed, superuser) issues a retired key again
select throws_ok($$ insert into public.websites (organization_id, domain, name, public_key)
    values ('b0000000-0000-4000-8000-000000000001', 'again.globex.com', 'Again', 'wk_acme_shop') $$,
  '23505', 'website key wk_acme_shop was retired and cannot be issued again', 'a superuser cannot issue a retired key again');
select throws_ok($$ update public.websites set public_key = 'wk_acme_shop' where id = 'b1000000-0000-4000-8000-000000000001' $$,
  '23505', 'website key wk_acme_shop was retired and cannot be issued again', 'nor move a retired key onto a website');
update public.websites set public_key = 'wk_globex_rotated' where id = 'b1000000-0000-4000-8000-000000000001';
select ok(exists (select from private.retired_website_keys where public_key = 'wk_globex_main'),
  'a key replaced by trusted code is retired too');

-- an organization that goes takes its keys out of circulation with it
create temp table store_key on commit drop as select public_key from public.websites where domain = 'store.globex.com';
delete from public.organizations where id = 'b0000000-0000-4000-8000-000000000001';
select ok(exists (select from private.retired_website_keys where public_key = 'wk_globex_rotated'),
  'deleting an organization retires its websites'' keys');
select ok(exists (select from private.retired_website_keys r join store_key s using (public_key)
    where r.organization_id = 'b0000000-0000-4000-8000-000000000001'), 'generated keys included');

select * from finish();
rollback;
