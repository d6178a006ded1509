-- Clerk organizations: the tenancy helper resolves o.id whether it is our uuid (local mode) or
-- the linked Clerk org id; the outbox queues changes for Clerk only when Clerk mode is on, and no
-- API role reaches it; Clerk's webhooks are mirrored (roles mapped, last owner kept).
begin;
select plan(37);

update public.organizations set clerk_org_id = 'org_acme_pgtap74' where id = 'a0000000-0000-4000-8000-000000000001';
update public.organizations set clerk_org_id = 'org_globex_pgtap74' where id = 'b0000000-0000-4000-8000-000000000001';

create function pg_temp.as_clerk(uid text, org text) returns void language sql as $$
  select tests.authenticate_as_claims(jsonb_build_object('sub', uid, 'role', 'authenticated', 'v', 2,
    'o', jsonb_build_object('id', org, 'rol', 'admin', 'slg', 'x')))
$$;
-- called while the test acts as a signed-in user
grant execute on function pg_temp.as_clerk(text, text) to authenticated;

-- 1. the tenancy helper
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select is(private.org_with_role('viewer'), 'a0000000-0000-4000-8000-000000000001'::uuid, 'our uuid as o.id resolves (local mode)');
select pg_temp.as_clerk('user_acme_owner', 'org_acme_pgtap74');
select is(private.org_with_role('viewer'), 'a0000000-0000-4000-8000-000000000001'::uuid, 'the linked Clerk org id as o.id resolves to the same organization');
select is(private.org_with_role('owner'), 'a0000000-0000-4000-8000-000000000001'::uuid, 'with the role from organization_members (owner)');
select ok((select count(*) from public.tickets) > 0, 'a Clerk-shaped token reads its organization''s tickets');
select is((select count(*) from public.tickets where organization_id <> 'a0000000-0000-4000-8000-000000000001'), 0::bigint, 'and no other organization''s');
select pg_temp.as_clerk('user_acme_agent', 'org_acme_pgtap74');
select is(private.org_with_role('admin'), null, 'an agent is not an admin through the Clerk id either');
select pg_temp.as_clerk('user_acme_owner', 'org_unknown_pgtap74');
select is(private.org_with_role('viewer'), null, 'an unknown Clerk org id resolves to nothing');
select is((select count(*) from public.tickets), 0::bigint, 'and reads no ticket');
select pg_temp.as_clerk('user_acme_owner', 'org_globex_pgtap74');
select is(private.org_with_role('viewer'), null, 'another organization''s Clerk id resolves to nothing for a non-member');
select is((select count(*) from public.tickets), 0::bigint, 'and reads none of its tickets');
select pg_temp.as_clerk('user_acme_owner', 'not-a-uuid-or-clerk');
select is(private.org_with_role('viewer'), null, 'a malformed id resolves to nothing');
select tests.authenticate_as_claims(jsonb_build_object('sub', 'user_acme_owner', 'role', 'authenticated'));
select is(private.org_with_role('viewer'), null, 'no o claim resolves to nothing');
select tests.clear_authentication();
select ok(exists (select 1 from pg_index i where i.indrelid = 'public.organizations'::regclass and i.indisunique
  and i.indkey::text = (select attnum::text from pg_attribute where attrelid = 'public.organizations'::regclass and attname = 'clerk_org_id')),
  'organizations.clerk_org_id has a unique index (the Clerk id lookup)');
select is((select provolatile from pg_proc where oid = 'private.org_with_role(public.member_role)'::regprocedure), 's',
  'the helper is stable (evaluated once per statement as an InitPlan)');

-- 2. the outbox: off in local mode, on in Clerk mode, closed to the API roles
select ok(not has_table_privilege(r, 'private.clerk_outbox', 'select') and not has_table_privilege(r, 'private.clerk_outbox', 'insert'), format('%s cannot read or write the outbox', r))
from unnest(array['anon', 'authenticated', 'service_role']) r;
select ok((select relrowsecurity from pg_class where oid = 'private.clerk_outbox'::regclass), 'the outbox has RLS on');
select ok(not has_function_privilege(r, f, 'execute'), format('%s cannot run %s', r, f))
from unnest(array['anon', 'authenticated']) r,
     unnest(array['public.clerk_outbox_claim(integer)', 'public.sync_clerk_event(text, jsonb, boolean)']) f;
select ok(has_function_privilege('service_role', 'public.sync_clerk_event(text, jsonb, boolean)', 'execute'), 'the service role runs the webhook sync (positive control)');

update public.organization_members set role = 'admin' where organization_id = 'a0000000-0000-4000-8000-000000000001' and user_id = 'user_acme_agent';
select is((select count(*) from private.clerk_outbox), 0::bigint, 'local mode (outbox off): a role change queues nothing');
update private.clerk_sync_state set enabled = true;
update public.organization_members set role = 'viewer' where organization_id = 'a0000000-0000-4000-8000-000000000001' and user_id = 'user_acme_agent';
update public.organization_members set role = 'agent' where organization_id = 'a0000000-0000-4000-8000-000000000001' and user_id = 'user_acme_agent';
select results_eq($$ select kind, user_id, version from private.clerk_outbox $$,
  $$ values ('membership', 'user_acme_agent', 2) $$, 'Clerk mode: two changes of one membership fold into one open row');

-- 3. the mirror of Clerk's webhooks (the function's behaviour; who may run it is checked above)
select is(public.sync_clerk_event('msg_pgtap74_1', jsonb_build_object('type', 'organizationMembership.updated', 'data', jsonb_build_object(
  'id', 'orgmem_1', 'object', 'organization_membership', 'role', 'org:viewer',
  'organization', jsonb_build_object('id', 'org_acme_pgtap74', 'name', 'Acme'),
  'public_user_data', jsonb_build_object('user_id', 'user_acme_agent')))) ->> 'role', 'viewer', 'org:viewer maps to viewer');
select is(public.sync_clerk_event('msg_pgtap74_2', jsonb_build_object('type', 'organizationMembership.updated', 'data', jsonb_build_object(
  'id', 'orgmem_1', 'object', 'organization_membership', 'role', 'org:member',
  'organization', jsonb_build_object('id', 'org_acme_pgtap74', 'name', 'Acme'),
  'public_user_data', jsonb_build_object('user_id', 'user_acme_agent')))) ->> 'role', 'agent', 'Clerk''s default org:member maps to agent');
select is(public.sync_clerk_event('msg_pgtap74_2', jsonb_build_object('type', 'organizationMembership.deleted', 'data', jsonb_build_object(
  'id', 'orgmem_1', 'organization', jsonb_build_object('id', 'org_acme_pgtap74'),
  'public_user_data', jsonb_build_object('user_id', 'user_acme_agent')))) ->> 'duplicate', 'true', 'a replayed delivery id changes nothing');
select is((select role::text from public.organization_members where user_id = 'user_acme_agent'
  and organization_id = 'a0000000-0000-4000-8000-000000000001'), 'agent', 'the member is still there');
select throws_ok($$ select public.sync_clerk_event('msg_pgtap74_6', '{"type": "organizationMembership.deleted"}'::jsonb) $$, '22023', null,
  'an event without data is refused');
select is((select version from private.clerk_outbox where user_id = 'user_acme_agent'), 2, 'what Clerk told us is not queued back to Clerk');
select is(public.sync_clerk_event('msg_pgtap74_3', jsonb_build_object('type', 'organizationMembership.deleted', 'data', jsonb_build_object(
  'id', 'orgmem_2', 'object', 'organization_membership', 'role', 'org:owner',
  'organization', jsonb_build_object('id', 'org_acme_pgtap74'),
  'public_user_data', jsonb_build_object('user_id', 'user_acme_owner')))) ->> 'status', 'refused', 'removing the last owner in Clerk is refused');
select ok(exists (select 1 from public.organization_members where user_id = 'user_acme_owner' and role = 'owner'
  and organization_id = 'a0000000-0000-4000-8000-000000000001'), 'the owner stays');
select ok(exists (select 1 from private.clerk_outbox where user_id = 'user_acme_owner' and done_at is null), 'and is queued, so Clerk gets them back');
select throws_ok($$ select public.sync_clerk_event('msg_pgtap74_4', jsonb_build_object('type', 'organizationMembership.created', 'data', jsonb_build_object(
  'id', 'orgmem_3', 'role', 'org:agent', 'organization', jsonb_build_object('id', 'org_acme_pgtap74'),
  'public_user_data', jsonb_build_object('user_id', 'user_not_synced')))) $$, 'P0002', null,
  'a membership of a user not synchronized yet fails (Svix delivers it again)');
select is(public.sync_clerk_event('msg_pgtap74_5', jsonb_build_object('type', 'organization.deleted', 'data',
  jsonb_build_object('id', 'org_globex_pgtap74', 'object', 'organization', 'deleted', true))) ->> 'unlinked', 'true',
  'a Clerk organization deleted is unlinked here');
select is((select clerk_org_id from public.organizations where id = 'b0000000-0000-4000-8000-000000000001'), null, 'its Clerk id is gone, its data is not');

select * from finish();
rollback;
