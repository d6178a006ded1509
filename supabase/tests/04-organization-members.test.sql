-- organization_members: admins manage non-owner memberships, owners manage owners, the last
-- owner stays, and everyone sees their own membership rows (org switcher).
begin;
select plan(45);

select * from tests.rls_matrix(
  'public.organization_members',
  $$organization_id = 'a0000000-0000-4000-8000-000000000001' and user_id = 'user_acme_agent'$$,
  $$insert into public.organization_members (organization_id, user_id, role)
    values ('a0000000-0000-4000-8000-000000000001', 'user_nobody', 'agent')$$,
  $$organization_id = 'a0000000-0000-4000-8000-000000000001' and user_id = 'user_nobody'$$,
  $$role = 'viewer'$$,
  insert_role => 'admin', update_role => 'admin', delete_role => 'admin',
  outsider_filter => $$user_id is distinct from (auth.jwt() ->> 'sub')$$
);

-- own memberships stay visible whatever the active organization
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select results_eq($$ select user_id from public.organization_members where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  array['user_consultant'], 'the consultant with Globex active sees only their own Acme membership');

-- admins and the owner role
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ update public.organization_members set role = 'owner' where organization_id = 'a0000000-0000-4000-8000-000000000001' and user_id = 'user_acme_viewer' $$,
  '42501', 'new row violates row-level security policy for table "organization_members"', 'an admin cannot make someone owner');
select throws_ok($$ update public.organization_members set role = 'owner' where organization_id = 'a0000000-0000-4000-8000-000000000001' and user_id = 'user_acme_admin' $$,
  '42501', 'new row violates row-level security policy for table "organization_members"', 'an admin cannot make themself owner');
select throws_ok($$ insert into public.organization_members (organization_id, user_id, role) values ('a0000000-0000-4000-8000-000000000001', 'user_globex_agent', 'owner') $$,
  '42501', 'new row violates row-level security policy for table "organization_members"', 'an admin cannot add an owner');
select is(tests.row_count($$ update public.organization_members set role = 'viewer' where user_id = 'user_acme_owner' $$), 0::bigint, 'an admin cannot demote the owner');
select is(tests.row_count($$ delete from public.organization_members where user_id = 'user_acme_owner' $$), 0::bigint, 'an admin cannot remove the owner');
select is(tests.row_count($$ update public.organization_members set role = 'agent' where user_id = 'user_acme_viewer' and organization_id = 'a0000000-0000-4000-8000-000000000001' $$),
  1::bigint, 'an admin promotes a viewer to agent (positive control)');
select throws_ok($$ update public.organization_members set organization_id = 'b0000000-0000-4000-8000-000000000001' where user_id = 'user_acme_viewer' $$,
  '42501', 'permission denied for table organization_members', 'a membership cannot move to another organization');

-- the last owner
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ update public.organization_members set role = 'admin' where user_id = 'user_acme_owner' $$,
  '23514', 'cannot remove or demote the last owner of organization a0000000-0000-4000-8000-000000000001', 'the last owner cannot demote themself');
select throws_ok($$ delete from public.organization_members where user_id = 'user_acme_owner' $$,
  '23514', 'cannot remove or demote the last owner of organization a0000000-0000-4000-8000-000000000001', 'the last owner cannot leave');
select is(tests.row_count($$ update public.organization_members set role = 'owner' where user_id = 'user_acme_admin' $$), 1::bigint,
  'an owner makes an admin owner (positive control)');
select is(tests.row_count($$ update public.organization_members set role = 'admin' where user_id = 'user_acme_owner' $$), 1::bigint,
  'with a second owner, the first owner steps down (positive control)');

select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ delete from public.organization_members where user_id = 'user_acme_admin' and organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  '23514', null, 'the new sole owner cannot leave either');

select tests.clear_authentication();
select results_eq($$ select user_id, role::text from public.organization_members where organization_id = 'a0000000-0000-4000-8000-000000000001' and role >= 'admin' order by user_id $$,
  $$ values ('user_acme_admin'::text, 'owner'::text), ('user_acme_owner', 'admin') $$, 'Acme ends with exactly one owner');
select is((select count(*) from public.organization_members where organization_id = 'b0000000-0000-4000-8000-000000000001'), 4::bigint,
  'Globex memberships are untouched');

select * from finish();
rollback;
