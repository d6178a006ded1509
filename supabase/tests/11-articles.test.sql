-- articles: members read, agents write; full-text search stays inside the organization.
begin;
select plan(33);

-- the isolation matrix is about members and outsiders; anon's read of a help center that is on
-- is the help center's own rule (92-help-center-anon), so Acme's help center is off here
update public.organizations set settings = settings - 'help_center_enabled' where id = 'a0000000-0000-4000-8000-000000000001';

select * from tests.rls_matrix(
  'public.articles',
  $$id = 'a6000000-0000-4000-8000-000000000001'$$,
  $$insert into public.articles (id, organization_id, title, slug, body, is_published)
    values ('a6000000-0000-4000-8000-0000000000f1', 'a0000000-0000-4000-8000-000000000001', 'Gift cards', 'gift-cards', 'Gift cards never expire.', false)$$,
  $$id = 'a6000000-0000-4000-8000-0000000000f1'$$,
  $$body = body || ' Edited.'$$
);

select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select results_eq($$ select id from public.articles where fts @@ websearch_to_tsquery('english', 'reset password') $$,
  array['a6000000-0000-4000-8000-000000000001'::uuid], 'an Acme search finds only Acme''s password article');
select tests.authenticate_as('user_globex_viewer', 'b0000000-0000-4000-8000-000000000001');
select results_eq($$ select id from public.articles where fts @@ websearch_to_tsquery('english', 'reset password') $$,
  array['b6000000-0000-4000-8000-000000000001'::uuid], 'a Globex search finds only Globex''s password article');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ update public.articles set organization_id = 'b0000000-0000-4000-8000-000000000001' where id = 'a6000000-0000-4000-8000-000000000002' $$,
  '42501', 'organization_id of public.articles cannot change', 'an article cannot move to another organization');

select * from finish();
rollback;
