-- users: you see yourself and the members of your active organization; you edit only your
-- own name and avatar; inserts and deletes belong to server sync (service role).
begin;
select plan(14);

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select results_eq($$ select id from public.users order by id $$,
  array['user_acme_admin', 'user_acme_agent', 'user_acme_owner', 'user_acme_viewer', 'user_consultant'],
  'an Acme agent sees exactly the Acme members');
select is_empty($$ select 1 from public.users where id like 'user_globex%' $$, 'an Acme agent sees no Globex user');

select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select results_eq($$ select id from public.users order by id $$,
  array['user_consultant', 'user_globex_agent', 'user_globex_owner', 'user_globex_viewer'],
  'the consultant with Globex active sees the Globex members, no Acme-only user');

select tests.authenticate_as('user_nobody', 'a0000000-0000-4000-8000-000000000001');
select results_eq($$ select id from public.users $$, array['user_nobody'],
  'a non-member whose token claims Acme sees only themself');

select tests.authenticate_as('user_globex_owner');
select results_eq($$ select id from public.users $$, array['user_globex_owner'],
  'a user with no active organization sees only themself');

select tests.authenticate_as_anon();
select throws_ok($$ select 1 from public.users $$, '42501', 'permission denied for table users', 'anon cannot read users');
select throws_ok($$ update public.users set name = 'x' $$, '42501', null, 'anon cannot update users');

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.users set name = 'Alan M. Turing' where id = 'user_acme_agent' $$),
  1::bigint, 'a user renames themself');
select is(tests.row_count($$ update public.users set name = 'Hacked' where id = 'user_acme_owner' $$),
  0::bigint, 'a user cannot rename a teammate');
select throws_ok($$ update public.users set email = 'evil@example.com' where id = 'user_acme_agent' $$,
  '42501', 'permission denied for table users', 'a user cannot change their email (column grant)');
select throws_ok($$ insert into public.users (id, email) values ('user_new', 'new@example.com') $$,
  '42501', 'permission denied for table users', 'a user cannot create users (no insert privilege)');
select throws_ok($$ delete from public.users where id = 'user_acme_agent' $$,
  '42501', 'permission denied for table users', 'a user cannot delete themself (no delete privilege)');

select tests.clear_authentication();
select is((select name from public.users where id = 'user_acme_owner'), 'Ada Lovelace', 'the teammate''s name is unchanged');
select is((select count(*) from public.users), 9::bigint, 'no user was created or deleted');

select * from finish();
rollback;
