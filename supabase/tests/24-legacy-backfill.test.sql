-- Seed 002's backfill for database admins: public.assign_users_without_organization (issue 14).
begin;
select plan(12);

insert into public.users (id, email) values ('user_backfill_a', 'a@backfill.example'), ('user_backfill_b', 'b@backfill.example'),
  ('user_backfill_member', 'member@backfill.example');
insert into public.organization_members (organization_id, user_id, role)
  values ('b0000000-0000-4000-8000-000000000001', 'user_backfill_member', 'viewer');

-- only the service role (and the database owner) may call it
select tests.authenticate_as_anon();
select throws_ok($$ select public.assign_users_without_organization('a0000000-0000-4000-8000-000000000001', 'agent') $$, '42501', null,
  'anon cannot call it');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.assign_users_without_organization('a0000000-0000-4000-8000-000000000001', 'agent') $$, '42501', null,
  'an owner (authenticated) cannot call it, not even for their own organization');
select tests.clear_authentication();
select ok(not has_function_privilege('authenticated', 'public.assign_users_without_organization(uuid, public.member_role)', 'execute')
  and not has_function_privilege('anon', 'public.assign_users_without_organization(uuid, public.member_role)', 'execute')
  and has_function_privilege('service_role', 'public.assign_users_without_organization(uuid, public.member_role)', 'execute'),
  'execute is granted to service_role alone');

-- run one statement as the service role (pgTAP is not its to call): its result, or its SQLSTATE
create function pg_temp.as_service(q text) returns text language plpgsql as $$
declare
  r text;
begin
  perform set_config('request.jwt.claims', '{"role": "service_role"}', true);
  set local role service_role;
  begin
    execute q into r;
  exception when others then
    r := 'error ' || sqlstate;
  end;
  reset role;
  perform set_config('request.jwt.claims', '', true);
  return r;
end
$$;

select is(pg_temp.as_service($$ select public.assign_users_without_organization('a0000000-0000-4000-8000-000000000001', 'owner') $$),
  'error 22023', 'ownership is never handed out in bulk');
select is(pg_temp.as_service($$ select public.assign_users_without_organization('a0000000-0000-4000-8000-000000000001', null) $$),
  'error 22023', 'a role is required');
select is(pg_temp.as_service($$ select public.assign_users_without_organization('f0000000-0000-4000-8000-00000000000f', 'agent') $$),
  'error P0002', 'an unknown organization is refused');
select is(pg_temp.as_service($$ select public.assign_users_without_organization('a0000000-0000-4000-8000-000000000001', 'agent') $$),
  (select count(*) from public.users u where not exists (select 1 from public.organization_members m where m.user_id = u.id))::text,
  'the service role calls it; it returns how many users joined: every user who had no organization');
select is_empty($$ select u.id from public.users u where not exists (select 1 from public.organization_members m where m.user_id = u.id) $$,
  'afterwards every user belongs to an organization');
select results_eq($$ select user_id, role::text from public.organization_members
  where organization_id = 'a0000000-0000-4000-8000-000000000001' and user_id in ('user_backfill_a', 'user_backfill_b', 'user_nobody') order by user_id $$,
  $$ values ('user_backfill_a', 'agent'), ('user_backfill_b', 'agent'), ('user_nobody', 'agent') $$,
  'the users without an organization joined it with the given role');
select results_eq($$ select organization_id, role::text from public.organization_members where user_id = 'user_backfill_member' $$,
  $$ values ('b0000000-0000-4000-8000-000000000001'::uuid, 'viewer') $$,
  'a user who already belonged somewhere is left alone');
select is(pg_temp.as_service($$ select public.assign_users_without_organization('a0000000-0000-4000-8000-000000000001', 'agent') $$), '0',
  'a second call adds nobody (idempotent)');
select is(pg_temp.as_service($$ select public.assign_users_without_organization('b0000000-0000-4000-8000-000000000001', 'viewer') $$), '0',
  'nor does a call for another organization: everybody already belongs somewhere');

select * from finish();
rollback;
