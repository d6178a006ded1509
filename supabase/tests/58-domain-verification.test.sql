-- Email domains are claimed by proof: only the system records a DNS verification, public mail
-- providers cannot be claimed, a verified domain belongs to one organization, and only a
-- verified domain auto-joins sign-ups.
begin;
select plan(29);

-- the fallback of a sign-up without invitation or domain is then a personal organization
update public.organizations set settings = settings - 'default_org';

create function pg_temp.ev(id text, email text) returns jsonb language sql as $$
  select jsonb_build_object('type', 'user.created', 'data', jsonb_build_object(
    'id', id, 'first_name', 'Pat', 'primary_email_address_id', 'idn_1',
    'email_addresses', jsonb_build_array(jsonb_build_object('id', 'idn_1', 'email_address', email,
      'verification', jsonb_build_object('status', 'verified')))))
$$;
-- a statement run as the service role (the verify-domain function): its result or its error
create function pg_temp.as_service(stmt text) returns text language plpgsql as $$
declare
  r text;
begin
  perform set_config('role', 'service_role', true);
  begin
    execute stmt into r;
  exception when others then
    perform set_config('role', 'none', true);
    return sqlstate || ': ' || sqlerrm;
  end;
  perform set_config('role', 'none', true);
  return r;
end
$$;
create function pg_temp.token(org uuid, d text) returns text language sql as $$
  select verification_token from public.organization_domains where organization_id = org and domain = d
$$;
create function pg_temp.via(delivery text, id text, email text) returns text language sql as $$
  select string_agg((o ->> 'via') || ':' || (o ->> 'slug'), ',') from jsonb_array_elements(public.sync_clerk_user(delivery, pg_temp.ev(id, email)) -> 'organizations') o
$$;

-- 1. admins add a claim, but never the proof
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.organization_domains (organization_id, domain, role, verified_at) values ('a0000000-0000-4000-8000-000000000001', 'acme.io', 'agent', now()) $$,
  '42501', 'permission denied for table organization_domains', 'an admin cannot add a domain as verified');
select lives_ok($$ insert into public.organization_domains (organization_id, domain, role) values ('a0000000-0000-4000-8000-000000000001', 'acme.io', 'agent') $$,
  'an admin adds a pending claim (positive control)');
select throws_ok($$ update public.organization_domains set verified_at = now() where domain = 'acme.io' $$,
  '42501', 'permission denied for table organization_domains', 'an admin cannot set verified_at');
select throws_ok($$ update public.organization_domains set verification_token = 'mine' where domain = 'acme.io' $$,
  '42501', 'permission denied for table organization_domains', 'an admin cannot choose the token');
select throws_ok($$ update public.organization_domains set domain = 'acme.net' where domain = 'acme.com' $$,
  '42501', 'permission denied for table organization_domains', 'an admin cannot move a verified claim to another domain');
select is(tests.row_count($$ update public.organization_domains set role = 'viewer' where domain = 'acme.io' $$), 1::bigint,
  'an admin changes a claim''s role (positive control)');
select throws_ok($$ select public.record_domain_verification('a0000000-0000-4000-8000-000000000001', 'acme.io', (select verification_token from public.organization_domains where domain = 'acme.io')) $$,
  '42501', null, 'an admin cannot record a verification');
select ok(not has_function_privilege('authenticated', 'public.record_domain_verification(uuid, text, text)', 'execute')
  and not has_function_privilege('anon', 'public.record_domain_verification(uuid, text, text)', 'execute')
  and has_function_privilege('service_role', 'public.record_domain_verification(uuid, text, text)', 'execute'),
  'only the service role records verifications');
select is((select verified_at from public.organization_domains where domain = 'acme.io'), null, 'the new claim is pending');
select matches((select verification_token from public.organization_domains where domain = 'acme.io'), '^[0-9a-f]{32}$', 'and got a random token from the database');

-- 2. the challenge: admins of the claiming organization only
select is((public.domain_verification_challenge('acme.io') ->> 'token'), (select verification_token from public.organization_domains where domain = 'acme.io'),
  'an admin reads the token to publish');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.domain_verification_challenge('acme.io') $$, '42501', null, 'an agent does not');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.domain_verification_challenge('acme.io') $$, 'PGRST', null, 'a Globex owner gets no Acme challenge');

-- 3. public mail providers can never be claimed, not even by the platform
select throws_ok($$ insert into public.organization_domains (organization_id, domain) values ('b0000000-0000-4000-8000-000000000001', 'gmail.com') $$,
  '23514', 'gmail.com is a public email provider: nobody can claim its addresses', 'a public provider cannot be claimed');
select throws_ok($$ insert into public.organization_domains (organization_id, domain) values ('b0000000-0000-4000-8000-000000000001', 'proton.me') $$,
  '23514', null, 'proton.me cannot be claimed');
select throws_ok($$ insert into public.organization_domains (organization_id, domain) values ('b0000000-0000-4000-8000-000000000001', 'mail.yahoo.com') $$,
  '23514', null, 'nor a subdomain of a provider');
select tests.clear_authentication();
select throws_ok($$ insert into public.organization_domains (organization_id, domain, verified_at) values ('b0000000-0000-4000-8000-000000000001', 'outlook.com', now()) $$,
  '23514', null, 'the list holds for the service side too');

-- 4. a domain verified by Acme cannot be verified by Globex
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select lives_ok($$ insert into public.organization_domains (organization_id, domain) values ('b0000000-0000-4000-8000-000000000001', 'acme.com') $$,
  'Globex may file a claim on acme.com, which stays pending');
select tests.clear_authentication();
select is(pg_temp.as_service(format('select public.record_domain_verification(%L, %L, %L)', 'b0000000-0000-4000-8000-000000000001', 'acme.com',
    pg_temp.token('b0000000-0000-4000-8000-000000000001', 'acme.com'))),
  '23505: the domain is verified by another organization', 'a domain verified by Acme cannot be verified by Globex');
select throws_ok($$ update public.organization_domains set verified_at = now() where organization_id = 'b0000000-0000-4000-8000-000000000001' and domain = 'acme.com' $$,
  '23505', null, 'a domain is verified for at most one organization (unique index)');

-- 5. only a verified domain auto-joins
select matches(pg_temp.via('msg_pgtap58_1', 'user_p58_a', 'pat@acme.io'), '^personal:pat-[0-9a-f]{6}$',
  'a sign-up at a pending domain does not auto-join (it gets a personal organization)');
select is(pg_temp.via('msg_pgtap58_2', 'user_p58_b', 'pat@acme.com'), 'domain:acme', 'a sign-up at a verified domain joins its organization');
select ok(not exists (select 1 from public.organization_members where user_id = 'user_p58_b' and organization_id = 'b0000000-0000-4000-8000-000000000001'),
  'and not the organization with a pending claim on it');

-- 6. verifying: wrong token refused; the right one verifies and drops others' pending claims
insert into public.organization_domains (organization_id, domain) values ('b0000000-0000-4000-8000-000000000001', 'acme.io');
select is(pg_temp.as_service($$ select public.record_domain_verification('a0000000-0000-4000-8000-000000000001', 'acme.io', 'not-the-token') $$),
  'P0002: no such claim with this token', 'a verification with another token is refused');
select is(pg_temp.as_service(format('select public.record_domain_verification(%L, %L, %L) ->> %L', 'a0000000-0000-4000-8000-000000000001', 'acme.io',
    pg_temp.token('a0000000-0000-4000-8000-000000000001', 'acme.io'), 'verified')),
  'true', 'Acme verifies acme.io although Globex had a pending claim on it');
select ok((select verified_at is not null from public.organization_domains where organization_id = 'a0000000-0000-4000-8000-000000000001' and domain = 'acme.io'), 'Acme''s claim is verified');
select ok(not exists (select 1 from public.organization_domains where organization_id = 'b0000000-0000-4000-8000-000000000001' and domain = 'acme.io'), 'Globex''s pending claim is dropped');
select is(pg_temp.via('msg_pgtap58_3', 'user_p58_c', 'sam@acme.io'), 'domain:acme', 'now acme.io sign-ups join Acme');
select is((select role::text from public.organization_members where user_id = 'user_p58_c'), 'viewer', 'with the claim''s role');

select * from finish();
rollback;
