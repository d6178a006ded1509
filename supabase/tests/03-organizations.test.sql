-- organizations and the tenancy helpers: members list all their organizations, admins of the
-- active organization edit it, only owners delete it; the database (not o.rol) decides.
begin;
select plan(25);

-- helpers
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(private.org_with_role('viewer'), 'a0000000-0000-4000-8000-000000000001'::uuid, 'org_with_role(viewer): the member''s claimed org');
select is(private.org_with_role('agent'), 'a0000000-0000-4000-8000-000000000001'::uuid, 'org_with_role(agent): an agent qualifies');
select is(private.org_with_role('admin'), null, 'org_with_role(admin): an agent does not qualify');
select tests.authenticate_as('user_nobody', 'a0000000-0000-4000-8000-000000000001');
select is(private.org_with_role('viewer'), null, 'org_with_role(viewer): null for a non-member claiming Acme');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is(private.org_with_role('viewer'), 'b0000000-0000-4000-8000-000000000001'::uuid, 'org_with_role(): the consultant gets the org named by the token');
select tests.authenticate_as_claims('{"sub": "user_acme_viewer", "role": "authenticated", "o": {"id": "a0000000-0000-4000-8000-000000000001", "rol": "owner", "slg": "acme"}}');
select is(private.org_with_role('agent'), null, 'org_with_role(): a forged o.rol=owner does not lift a viewer');
select is(tests.row_count($$ update public.organizations set name = 'Pwned' $$), 0::bigint, 'a viewer with a forged o.rol cannot rename the org');

-- Clerk organization ids work as the o.id claim too
select tests.clear_authentication();
update public.organizations set clerk_org_id = 'org_2acmeclerk' where slug = 'acme';
select tests.authenticate_as_claims('{"sub": "user_acme_admin", "role": "authenticated", "o": {"id": "org_2acmeclerk", "rol": "admin", "slg": "acme"}}');
select is(private.org_with_role('admin'), 'a0000000-0000-4000-8000-000000000001'::uuid, 'org_with_role(): matches a Clerk org id claim');
select tests.authenticate_as_claims('{"sub": "user_globex_owner", "role": "authenticated", "o": {"id": "org_2acmeclerk"}}');
select is(private.org_with_role('viewer'), null, 'org_with_role(viewer): a Clerk org id claim still needs membership');

-- select
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select results_eq($$ select slug from public.organizations order by slug $$, array['acme', 'globex'],
  'the consultant lists both organizations whichever is active (org switcher)');
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select results_eq($$ select slug from public.organizations $$, array['acme'], 'an Acme viewer lists only Acme');
select tests.authenticate_as('user_nobody', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.organizations $$, 'a non-member claiming Acme lists no organization');
select tests.authenticate_as_anon();
select throws_ok($$ select 1 from public.organizations $$, '42501', 'permission denied for table organizations',
  'anon cannot list organizations');

-- insert: nobody through the API
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.organizations (slug, name) values ('evil', 'Evil') $$, '42501',
  'permission denied for table organizations', 'even an owner cannot create organizations through the API');

-- update
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.organizations set name = 'Pwned' where slug = 'acme' $$), 0::bigint, 'a Globex owner cannot rename Acme');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.organizations set name = 'Pwned' where slug = 'acme' $$), 0::bigint, 'the consultant with Globex active cannot rename Acme');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.organizations set name = 'Pwned' where slug = 'acme' $$), 0::bigint, 'an Acme agent cannot rename Acme');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.organizations set name = 'Acme Corporation', ticket_prefix = 'ACME' where slug = 'acme' $$), 1::bigint,
  'an Acme admin renames Acme (positive control)');
select is(tests.row_count($$ update public.organizations set name = 'Pwned' where slug = 'globex' $$), 0::bigint, 'an Acme admin cannot rename Globex');
select throws_ok($$ update public.organizations set ticket_seq = 0 where slug = 'acme' $$, '42501', 'permission denied for table organizations',
  'an admin cannot reset ticket_seq (column grant)');
select throws_ok($$ update public.organizations set clerk_org_id = 'org_x' where slug = 'acme' $$, '42501', 'permission denied for table organizations',
  'an admin cannot rebind clerk_org_id (column grant)');

-- delete
select is(tests.row_count($$ delete from public.organizations where slug = 'acme' $$), 0::bigint, 'an Acme admin cannot delete Acme');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ delete from public.organizations where slug = 'acme' $$), 0::bigint, 'a Globex owner cannot delete Acme');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ delete from public.organizations where slug = 'acme' $$), 1::bigint, 'the Acme owner deletes Acme (positive control, cascades past the last-owner guard)');

select tests.clear_authentication();
select results_eq($$ select slug, name from public.organizations $$, $$ values ('globex'::text, 'Globex'::text) $$,
  'Globex is untouched');

select * from finish();
rollback;
