-- Nobody is added to an organization without consent: no client inserts memberships, an
-- existing user joins by accepting an invitation to their own verified email, and who may be
-- invited as owner is limited as before.
begin;
select plan(24);

-- invitations for Nora (user_nobody, nora@nowhere.example, in no organization)
insert into public.invitations (id, organization_id, email, role, invited_by, status, expires_at, created_at) values
  ('a7000000-0000-4000-8000-0000000059a1', 'a0000000-0000-4000-8000-000000000001', 'nora@nowhere.example', 'agent', 'user_acme_admin', 'pending', now() + interval '7 days', now()),
  ('b7000000-0000-4000-8000-0000000059a2', 'b0000000-0000-4000-8000-000000000001', 'nora@nowhere.example', 'viewer', 'user_globex_owner', 'revoked', now() + interval '7 days', now()),
  ('b7000000-0000-4000-8000-0000000059a3', 'b0000000-0000-4000-8000-000000000001', 'nora@nowhere.example', 'agent', 'user_globex_owner', 'pending', now() - interval '1 day', now() - interval '8 days');
-- an invitation of a member, made before such invitations were refused (20261202032000)
alter table public.invitations disable trigger invitations_refuse_member;
insert into public.invitations (id, organization_id, email, role, invited_by, status, expires_at, created_at) values
  ('a7000000-0000-4000-8000-0000000059a4', 'a0000000-0000-4000-8000-000000000001', 'casey@consult.example', 'viewer', 'user_acme_admin', 'pending', now() + interval '7 days', now());
alter table public.invitations enable trigger invitations_refuse_member;

-- 1. no direct inserts, whoever asks
select policies_are('public', 'organization_members',
  array['organization_members_select', 'organization_members_update', 'organization_members_delete'],
  'organization_members has no insert policy');
select ok(not has_table_privilege('authenticated', 'public.organization_members', 'insert')
  and not has_table_privilege('anon', 'public.organization_members', 'insert'), 'no API role holds insert on organization_members');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.organization_members (organization_id, user_id, role) values ('a0000000-0000-4000-8000-000000000001', 'user_nobody', 'viewer') $$,
  '42501', 'permission denied for table organization_members', 'an owner cannot add an existing user without their consent');
select tests.authenticate_as('user_nobody', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.organization_members (organization_id, user_id, role) values ('a0000000-0000-4000-8000-000000000001', 'user_nobody', 'owner') $$,
  '42501', 'permission denied for table organization_members', 'nor can a user add themself');

-- 2. the invitee sees their own pending invitations only
select results_eq($$ select id from public.my_pending_invitations() $$,
  array['a7000000-0000-4000-8000-0000000059a1'::uuid], 'Nora sees her one pending, unexpired invitation');
select is((select organization_name || ':' || role from public.my_pending_invitations()), 'Acme Corp:agent', 'with the organization''s name and the role');
select is_empty($$ select 1 from public.invitations $$, 'but reads no invitation table rows (RLS still hides them)');

-- 3. accept_invitation refuses what is not hers, revoked or expired
select throws_ok($$ select public.accept_invitation('a7000000-0000-4000-8000-000000000001') $$,
  'PGRST', '{"code": "P0002", "hint": null, "details": null, "message": "no invitation for you with this id"}', 'an invitation to another email cannot be accepted');
select throws_ok($$ select public.accept_invitation('b7000000-0000-4000-8000-0000000059a2') $$,
  '22023', 'the invitation was revoked and can no longer be accepted', 'a revoked invitation cannot be accepted');
select throws_ok($$ select public.accept_invitation('b7000000-0000-4000-8000-0000000059a3') $$,
  '22023', 'the invitation has expired; ask for a new one', 'an expired invitation cannot be accepted');
select throws_ok($$ select public.accept_invitation('00000000-0000-4000-8000-000000000000') $$,
  'PGRST', null, 'an unknown id is not found');
select tests.clear_authentication();
select is((select count(*) from public.organization_members where user_id = 'user_nobody'), 0::bigint, 'the refusals joined Nora to nothing');
select tests.authenticate_as_anon();
select throws_ok($$ select public.accept_invitation('a7000000-0000-4000-8000-0000000059a1') $$, '42501', null, 'anon cannot accept');

-- an unverified primary email accepts nothing
select tests.clear_authentication();
update public.users set email_verified = false where id = 'user_nobody';
select tests.authenticate_as('user_nobody');
select throws_ok($$ select public.accept_invitation('a7000000-0000-4000-8000-0000000059a1') $$,
  'PGRST', null, 'an unverified email cannot accept');
select is_empty($$ select 1 from public.my_pending_invitations() $$, 'and lists no invitations');
select tests.clear_authentication();
update public.users set email_verified = true where id = 'user_nobody';

-- 4. accepting her own: a membership with the invited role appears
select tests.authenticate_as('user_nobody');
select is(public.accept_invitation('a7000000-0000-4000-8000-0000000059a1') ->> 'role', 'agent', 'Nora accepts the Acme invitation (positive control)');
select results_eq($$ select organization_id, role::text from public.organization_members where user_id = 'user_nobody' $$,
  $$ values ('a0000000-0000-4000-8000-000000000001'::uuid, 'agent'::text) $$, 'she is an Acme agent');
select throws_ok($$ select public.accept_invitation('a7000000-0000-4000-8000-0000000059a1') $$,
  '22023', 'the invitation was accepted and can no longer be accepted', 'an invitation is accepted once');
select tests.clear_authentication();
select is((select status::text from public.invitations where id = 'a7000000-0000-4000-8000-0000000059a1'), 'accepted', 'the invitation is marked accepted');

-- an invitation never lowers a role: the consultant (Acme agent) accepts a viewer invitation
select tests.authenticate_as('user_consultant');
select is(public.accept_invitation('a7000000-0000-4000-8000-0000000059a4') ->> 'role', 'agent', 'accepting a viewer invitation keeps the consultant an agent');

-- 5. owner-role escalation through invitations stays limited to owners (Olive: a user in no organization;
-- Nora is a member by now, and members cannot be invited again)
select tests.clear_authentication();
insert into public.users (id, email, name, email_verified) values ('user_t59_olive', 'olive@nowhere.example', 'Olive', true);
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.invitations (organization_id, email, role) values ('a0000000-0000-4000-8000-000000000001', 'olive@nowhere.example', 'owner') $$,
  '42501', 'new row violates row-level security policy for table "invitations"', 'an admin cannot invite anyone as owner');
select throws_ok($$ update public.invitations set role = 'owner' where id = 'a7000000-0000-4000-8000-000000000001' $$,
  '42501', 'new row violates row-level security policy for table "invitations"', 'an admin cannot turn a pending invitation into an owner invitation');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$ insert into public.invitations (id, organization_id, email, role) values ('a7000000-0000-4000-8000-0000000059a5', 'a0000000-0000-4000-8000-000000000001', 'olive@nowhere.example', 'owner') $$,
  'an owner invites an owner (positive control)');
select tests.authenticate_as('user_t59_olive');
select is(public.accept_invitation('a7000000-0000-4000-8000-0000000059a5') ->> 'role', 'owner', 'and the invitee who accepts becomes owner');

select * from finish();
rollback;
