-- Bugs of issue 11 fixed in the database: widget sessions refused for an unlisted origin are
-- counted for the admin (one row per website and origin, at most 20 origins per website, written
-- only by the definer function); an existing member cannot be invited again.
begin;
select plan(19);

-- invitations: Alan (alan@acme.com) is an Acme agent
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.invitations (organization_id, email, role, invited_by)
  values ('a0000000-0000-4000-8000-000000000001', 'alan@acme.com', 'admin', 'user_acme_owner') $$,
  '23514', 'alan@acme.com is already a member of this organization', 'a member cannot be invited to their own organization');
select lives_ok($$ insert into public.invitations (organization_id, email, role, invited_by)
  values ('a0000000-0000-4000-8000-000000000001', 'gina@globex.com', 'agent', 'user_acme_owner') $$,
  'a member of another organization can be (positive control)');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.invitations (organization_id, email, role, invited_by)
  values ('b0000000-0000-4000-8000-000000000001', 'casey@consult.example', 'viewer', 'user_globex_owner') $$,
  '23514', null, 'nor can a member of several organizations be invited again to one of them');
select tests.clear_authentication();

select tests.authenticate_as_anon();
select throws_ok($$ select public.widget_start_session('wk_globex_main', 'https://staging.globex.com') $$,
  '42501', null, 'an unlisted origin gets no session');
select lives_ok($$ select public.widget_record_refused_origin('wk_globex_main', 'https://staging.globex.com') $$,
  'widget-session records the refusal with the anon key');
select public.widget_record_refused_origin('wk_globex_main', 'HTTPS://Staging.Globex.com');
select public.widget_record_refused_origin('wk_globex_main', 'https://globex.com');
select public.widget_record_refused_origin('wk_nobody_has_this', 'https://staging.globex.com');
select public.widget_record_refused_origin('wk_globex_main', 'javascript:alert(1)');
select public.widget_record_refused_origin('wk_globex_main', null);
select throws_ok($$ select * from public.website_refused_origins $$, '42501', null, 'anon cannot read the refusals');
select throws_ok($$ insert into public.website_refused_origins (website_id, organization_id, origin)
  values ('b1000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'https://x.example') $$,
  '42501', null, 'anon cannot write them');

select tests.clear_authentication();
select results_eq($$ select origin, refusals from public.website_refused_origins order by origin $$,
  $$ values ('https://staging.globex.com'::text, 2::bigint) $$,
  'one row per website and origin (case folded), counted; allowed origins, unknown keys and malformed input leave nothing');

-- flooding with new origins stops at 20 rows per website
select tests.authenticate_as_anon();
select public.widget_record_refused_origin('wk_globex_main', format('https://h%s.flood.example', i)) from generate_series(1, 30) i;
select public.widget_record_refused_origin('wk_globex_main', 'https://staging.globex.com');
select tests.clear_authentication();
select is((select count(*)::int from public.website_refused_origins where website_id = 'b1000000-0000-4000-8000-000000000001'), 20,
  'at most 20 refused origins are kept per website');
select is((select refusals from public.website_refused_origins where origin = 'https://staging.globex.com'), 3::bigint,
  'a known origin is still counted past the cap');

-- members of the organization read them; nobody writes them directly
select tests.authenticate_as('user_globex_viewer', 'b0000000-0000-4000-8000-000000000001');
select is((select count(*)::int from public.website_refused_origins), 20, 'a Globex viewer reads Globex''s refusals');
select throws_ok($$ update public.website_refused_origins set refusals = 1 $$, '42501', null, 'a member cannot update them');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ delete from public.website_refused_origins $$, '42501', null, 'nor can the owner delete them');
select throws_ok($$ insert into public.website_refused_origins (website_id, organization_id, origin)
  values ('b1000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'https://x.example') $$,
  '42501', null, 'nor insert');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.website_refused_origins $$, 'an Acme owner sees none of Globex''s refusals');
select tests.authenticate_as('user_acme_owner', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.website_refused_origins $$, 'nor by naming Globex as the active organization');

-- a visitor (anon with a live session) learns nothing either
select tests.authenticate_as_anon();
select lives_ok($$ select public.widget_start_session('wk_globex_main', 'https://globex.com') $$, 'a visitor on an allowed origin gets a session');
select throws_ok($$ select origin from public.website_refused_origins $$, '42501', null, 'and still cannot read the refusals');
select tests.clear_authentication();
select is((select count(*)::int from public.website_refused_origins where origin = 'https://globex.com'), 0,
  'the allowed origin was never recorded');

select * from finish();
rollback;
