-- organization_members: admins manage non-owner memberships, owners manage owners, the last
-- owner stays, nobody inserts memberships directly, and everyone sees their own membership rows
-- (org switcher).
begin;
select plan(43);

-- The isolation matrix of tests.rls_matrix, except that nobody inserts: memberships appear only
-- through the sign-up sync and public.accept_invitation (59-membership-consent).
create function pg_temp.members_matrix() returns setof text language plpgsql as $fn$
declare
  acme constant uuid := 'a0000000-0000-4000-8000-000000000001';
  globex constant uuid := 'b0000000-0000-4000-8000-000000000001';
  ins constant text := $$insert into public.organization_members (organization_id, user_id, role) values ('a0000000-0000-4000-8000-000000000001', 'user_nobody', 'agent')$$;
  upd constant text := $$with u as (update public.organization_members set role = 'viewer' where organization_id = 'a0000000-0000-4000-8000-000000000001' and user_id = 'user_acme_agent' returning 1) select count(*) from u$$;
  del constant text := $$with d as (delete from public.organization_members where organization_id = 'a0000000-0000-4000-8000-000000000001' and user_id = 'user_acme_agent' returning 1) select count(*) from d$$;
  who record;
  n bigint;
  before_hash text;
  after_hash text;
begin
  select md5(string_agg(m::text, ',' order by m.user_id)) into before_hash from public.organization_members m where m.organization_id = acme;
  for who in
    select * from (values
      ('user_globex_owner', globex, 'a Globex owner'),
      ('user_globex_owner', acme, 'a Globex owner whose token claims Acme'),
      ('user_consultant', globex, 'the consultant with Globex active'),
      ('user_nobody', acme, 'a non-member whose token claims Acme'),
      (null, null, 'anon')) v(user_id, org_id, label)
  loop
    if who.user_id is null then
      perform tests.authenticate_as_anon();
    else
      perform tests.authenticate_as(who.user_id, who.org_id);
    end if;
    -- a role without the table privilege (anon) is refused before RLS is consulted
    if has_any_column_privilege(current_user, 'public.organization_members', 'SELECT') then
      return next is_empty(format($$select 1 from public.organization_members where organization_id = %L and user_id is distinct from (auth.jwt() ->> 'sub')$$, acme),
        format('organization_members: %s sees no Acme rows', who.label));
    else
      return next throws_ok('select 1 from public.organization_members', '42501', null, format('organization_members: %s has no select privilege', who.label));
    end if;
    if has_any_column_privilege(current_user, 'public.organization_members', 'UPDATE') then
      execute upd into n;
      return next is(n, 0::bigint, format('organization_members: %s updates no Acme row', who.label));
    else
      return next throws_ok(upd, '42501', null, format('organization_members: %s has no update privilege', who.label));
    end if;
    if has_table_privilege(current_user, 'public.organization_members', 'DELETE') then
      execute del into n;
      return next is(n, 0::bigint, format('organization_members: %s deletes no Acme row', who.label));
    else
      return next throws_ok(del, '42501', null, format('organization_members: %s has no delete privilege', who.label));
    end if;
  end loop;

  -- nobody inserts a membership directly, not even an owner of the organization
  for who in
    select * from (values ('user_globex_owner', globex), ('user_nobody', acme), ('user_acme_agent', acme), ('user_acme_admin', acme), ('user_acme_owner', acme)) v(user_id, org_id)
  loop
    perform tests.authenticate_as(who.user_id, who.org_id);
    return next throws_ok(ins, '42501', 'permission denied for table organization_members',
      format('organization_members: %s (%s active) cannot insert a membership', who.user_id, case when who.org_id = acme then 'Acme' else 'Globex' end));
  end loop;
  perform tests.authenticate_as_anon();
  return next throws_ok(ins, '42501', null, 'organization_members: anon cannot insert a membership');

  perform tests.authenticate_as('user_acme_viewer', acme);
  return next isnt_empty($$select 1 from public.organization_members where user_id = 'user_acme_agent'$$, 'organization_members: an Acme viewer reads the row');
  perform tests.authenticate_as('user_consultant', acme);
  return next isnt_empty($$select 1 from public.organization_members where user_id = 'user_acme_agent'$$, 'organization_members: the consultant with Acme active reads the row');
  perform tests.authenticate_as('user_acme_agent', acme);
  execute upd into n;
  return next is(n, 0::bigint, 'organization_members: an Acme agent updates nothing');
  execute del into n;
  return next is(n, 0::bigint, 'organization_members: an Acme agent deletes nothing');

  perform tests.clear_authentication();
  select md5(string_agg(m::text, ',' order by m.user_id)) into after_hash from public.organization_members m where m.organization_id = acme;
  return next is(after_hash, before_hash, 'organization_members: Acme''s memberships are unchanged after every refused write');

  -- positive controls
  perform tests.authenticate_as('user_acme_admin', acme);
  execute upd into n;
  return next is(n, 1::bigint, 'organization_members: an Acme admin updates the row');
  execute del into n;
  return next is(n, 1::bigint, 'organization_members: an Acme admin deletes a row');
  perform tests.clear_authentication();
end
$fn$;
select * from pg_temp.members_matrix();
-- the removed agent back, for the assertions below
insert into public.organization_members (organization_id, user_id, role) values ('a0000000-0000-4000-8000-000000000001', 'user_acme_agent', 'agent');

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
  '42501', 'permission denied for table organization_members', 'an admin cannot add an owner');
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
