-- The public help center reads as anon: the published articles of organizations whose help
-- center is on, their name and slug, and nothing else (no drafts, no authors, no other table,
-- nothing of an organization whose help center is off or was never turned on).
begin;
select plan(22);

-- an organization that never turned its help center on, with a published article
insert into public.organizations (id, slug, name, kind, ticket_prefix)
values ('c0000000-0000-4000-8000-000000000001', 'initech', 'Initech', 'team', 'INI');
insert into public.articles (id, organization_id, title, slug, body, is_published)
values ('c6000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', 'TPS reports', 'tps-reports', 'Use the new cover sheet.', true);

select tests.authenticate_as_anon();
select results_eq($$ select count(*) from public.articles $$,
  $$ values (22::bigint) $$, 'anon reads the published articles of the two demo help centers (22)');
select is_empty($$ select 1 from public.articles where not is_published $$, 'anon reads no draft');
select is_empty($$ select 1 from public.articles where id = 'a6000000-0000-4000-8000-000000000006' $$,
  'the Acme draft stays invisible even by id');
select is_empty($$ select 1 from public.articles where organization_id = 'c0000000-0000-4000-8000-000000000001' $$,
  'anon reads nothing of an organization that never turned its help center on');
select throws_ok($$ select created_by from public.articles $$, '42501', null, 'anon cannot read who wrote an article');
select throws_ok($$ select fts from public.articles $$, '42501', null, 'nor the search vector');
select throws_ok($$ insert into public.articles (organization_id, title, slug, body) values ('a0000000-0000-4000-8000-000000000001', 'x', 'x', 'x') $$,
  '42501', null, 'anon cannot insert an article');
select throws_ok($$ update public.articles set title = 'x' $$, '42501', null, 'anon cannot update an article');
select throws_ok($$ delete from public.articles $$, '42501', null, 'anon cannot delete an article');
select throws_ok($$ select 1 from public.organizations $$, '42501', null, 'anon cannot read organizations');
select throws_ok($$ select 1 from public.websites $$, '42501', null, 'anon cannot read websites');
select throws_ok($$ select 1 from public.conversations $$, '42501', null, 'anon cannot read conversations');
select throws_ok($$ select 1 from public.article_views $$, '42501', null, 'anon cannot read article views');

select is(public.help_center('acme') - 'websites', '{"id": "a0000000-0000-4000-8000-000000000001", "slug": "acme", "name": "Acme Corp", "brand_color": null}'::jsonb,
  'help_center() gives an open help center''s id, slug, name and brand colour, nothing else');
select is(public.help_center('initech'), null, 'and nothing for an organization whose help center is off');
select is(public.help_center('no-such-org'), null, 'or for an unknown slug');

-- Globex turns its help center off
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is(public.set_help_center_enabled('b0000000-0000-4000-8000-000000000001', false), 1, 'a Globex owner turns the help center off');
select tests.authenticate_as_anon();
select is_empty($$ select 1 from public.articles where organization_id = 'b0000000-0000-4000-8000-000000000001' $$,
  'then anon reads none of Globex''s articles');
select is(public.help_center('globex'), null, 'and help_center(''globex'') is null');

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(public.set_help_center_enabled('a0000000-0000-4000-8000-000000000001', false), 0, 'an agent cannot turn the help center off');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is(public.set_help_center_enabled('a0000000-0000-4000-8000-000000000001', false), 0, 'nor another organization''s owner');
select is_empty($$ select 1 from public.articles where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'a member of another organization still reads none of Acme''s articles (the anon policy is for anon only)');

select * from finish();
rollback;
