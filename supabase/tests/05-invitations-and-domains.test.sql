-- invitations and organization_domains: admins manage them in their active organization.
begin;
select plan(69);

select * from tests.rls_matrix(
  'public.invitations',
  $$id = 'a7000000-0000-4000-8000-000000000001'$$,
  $$insert into public.invitations (id, organization_id, email, role)
    values ('a7000000-0000-4000-8000-0000000000f1', 'a0000000-0000-4000-8000-000000000001', 'new.hire@acme.com', 'agent')$$,
  $$id = 'a7000000-0000-4000-8000-0000000000f1'$$,
  $$status = 'revoked'$$,
  insert_role => 'admin', update_role => 'admin', delete_role => 'admin'
);

select * from tests.rls_matrix(
  'public.organization_domains',
  $$organization_id = 'a0000000-0000-4000-8000-000000000001' and domain = 'acme.com'$$,
  $$insert into public.organization_domains (organization_id, domain, role)
    values ('a0000000-0000-4000-8000-000000000001', 'acme.io', 'viewer')$$,
  $$organization_id = 'a0000000-0000-4000-8000-000000000001' and domain = 'acme.io'$$,
  $$role = 'viewer'$$,
  insert_role => 'admin', update_role => 'admin', delete_role => 'admin'
);

select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.invitations (organization_id, email, role) values ('a0000000-0000-4000-8000-000000000001', 'boss@acme.com', 'owner') $$,
  '42501', 'new row violates row-level security policy for table "invitations"', 'an admin cannot invite an owner');
select throws_ok($$ insert into public.invitations (organization_id, email, invited_by) values ('a0000000-0000-4000-8000-000000000001', 'x@acme.com', 'user_acme_owner') $$,
  '42501', 'new row violates row-level security policy for table "invitations"', 'an admin cannot invite in someone else''s name');
select throws_ok($$ insert into public.invitations (organization_id, email) values ('a0000000-0000-4000-8000-000000000001', 'Mixed@Acme.com') $$,
  '23514', null, 'invitation emails must be lower-case');
select lives_ok($$ insert into public.invitations (organization_id, email) values ('a0000000-0000-4000-8000-000000000001', 'dup@example.com') $$,
  'an admin invites an agent (positive control)');
select throws_ok($$ insert into public.invitations (organization_id, email) values ('a0000000-0000-4000-8000-000000000001', 'dup@example.com') $$,
  '23505', null, 'only one pending invitation per organization and email');
select throws_ok($$ update public.invitations set organization_id = 'b0000000-0000-4000-8000-000000000001' where id = 'a7000000-0000-4000-8000-000000000001' $$,
  '42501', 'organization_id of public.invitations cannot change', 'an invitation cannot move to another organization');
select throws_ok($$ insert into public.organization_domains (organization_id, domain, role) values ('a0000000-0000-4000-8000-000000000001', 'acme.org', 'owner') $$,
  '23514', null, 'a domain never grants the owner role');

select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$ insert into public.invitations (organization_id, email, role) values ('a0000000-0000-4000-8000-000000000001', 'boss@acme.com', 'owner') $$,
  'an owner invites an owner (positive control)');
select is((select invited_by from public.invitations where email = 'boss@acme.com'), 'user_acme_owner', 'invited_by defaults to the inviter');

select * from finish();
rollback;
