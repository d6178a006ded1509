-- Publishing articles: agents write drafts; publishing, unpublishing and deleting a published
-- article are for admins unless the organization lets agents publish (settings.agents_publish).
-- Enforced in the database, so the API cannot go around the dashboard; authors are stamped by it.
begin;
select plan(23);

-- agents: drafts yes, publishing no
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$ insert into public.articles (id, organization_id, title, slug, body, created_by, updated_by, published_at)
    values ('a6000000-0000-4000-8000-0000000000e1', 'a0000000-0000-4000-8000-000000000001', 'Gift cards', 'gift-cards', 'Never expire.',
      'user_acme_owner', 'user_acme_owner', '2020-01-01') $$,
  'an agent writes a draft');
select is((select concat_ws(' ', created_by, updated_by, coalesce(published_at::text, 'unpublished')) from public.articles
    where id = 'a6000000-0000-4000-8000-0000000000e1'),
  'user_acme_agent user_acme_agent unpublished', 'the database stamps the author and ignores a client''s authors and published_at');
select throws_ok($$ insert into public.articles (organization_id, title, slug, body, is_published)
    values ('a0000000-0000-4000-8000-000000000001', 'Sneaky', 'sneaky', 'x', true) $$,
  '42501', 'only admins may publish articles in this organization', 'an agent cannot insert a published article');
select throws_ok($$ update public.articles set is_published = true where id = 'a6000000-0000-4000-8000-0000000000e1' $$,
  '42501', 'only admins may publish or unpublish articles in this organization', 'an agent cannot publish a draft');
select throws_ok($$ update public.articles set is_published = false where id = 'a6000000-0000-4000-8000-000000000002' $$,
  '42501', 'only admins may publish or unpublish articles in this organization', 'an agent cannot unpublish an article');
select throws_ok($$ delete from public.articles where id = 'a6000000-0000-4000-8000-000000000002' $$,
  '42501', 'only admins may delete a published article in this organization', 'an agent cannot delete a published article');
select lives_ok($$ update public.articles set body = 'Edited by the agent.', created_by = 'user_acme_owner' where id = 'a6000000-0000-4000-8000-000000000002' $$,
  'an agent edits a published article''s content');
select is((select concat_ws(' ', created_by, updated_by, is_published) from public.articles where id = 'a6000000-0000-4000-8000-000000000002'),
  'user_acme_agent user_acme_agent t', 'created_by cannot be rewritten, updated_by is the editor, the article stays published');
select is((select public.set_articles_agents_publish('a0000000-0000-4000-8000-000000000001', true)), 0,
  'an agent cannot let agents publish (RLS: the organization row is not theirs to update)');

-- admins publish; the first publication time is kept
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$ update public.articles set is_published = true where id = 'a6000000-0000-4000-8000-0000000000e1' $$, 'an admin publishes a draft');
select isnt((select published_at from public.articles where id = 'a6000000-0000-4000-8000-0000000000e1'), null, 'publishing stamps published_at');
select lives_ok($$ update public.articles set is_published = false where id = 'a6000000-0000-4000-8000-0000000000e1' $$, 'an admin unpublishes');
select isnt((select published_at from public.articles where id = 'a6000000-0000-4000-8000-0000000000e1'), null,
  'published_at keeps the first publication');
select is((select updated_by from public.articles where id = 'a6000000-0000-4000-8000-0000000000e1'), 'user_acme_admin',
  'updated_by is the admin who last saved');

-- the organization setting lets agents publish; only admins toggle it
select is((select public.set_articles_agents_publish('a0000000-0000-4000-8000-000000000001', true)), 1, 'an admin lets agents publish');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$ update public.articles set is_published = true where id = 'a6000000-0000-4000-8000-0000000000e1' $$,
  'with agents_publish on, an agent publishes');
select lives_ok($$ delete from public.articles where id = 'a6000000-0000-4000-8000-0000000000e1' $$,
  'and deletes a published article');
-- the setting is per organization: Globex agents still cannot publish
select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ update public.articles set is_published = false where id = 'b6000000-0000-4000-8000-000000000002' $$,
  '42501', 'only admins may publish or unpublish articles in this organization', 'Acme''s setting does not let Globex agents publish');
-- the consultant is an agent in both: Acme active lets them publish in Acme, never in Globex
select tests.authenticate_as('user_consultant', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.articles set is_published = false where id = 'b6000000-0000-4000-8000-000000000002' $$), 0::bigint,
  'the consultant with Acme active cannot touch a Globex article');
-- viewers never publish, whatever the setting
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.articles set is_published = false where id = 'a6000000-0000-4000-8000-000000000003' $$), 0::bigint,
  'an Acme viewer cannot unpublish');

select tests.clear_authentication();
select throws_ok($$ update public.organizations set settings = settings || '{"agents_publish": "yes"}' where id = 'a0000000-0000-4000-8000-000000000001' $$,
  '23514', null, 'agents_publish must be a boolean');
select ok(not has_function_privilege('anon', 'public.set_articles_agents_publish(uuid, boolean)', 'execute'),
  'anon cannot call set_articles_agents_publish');
select ok(not has_function_privilege('authenticated', 'private.guard_article_publishing()', 'execute'),
  'members cannot call the publishing trigger function');

select * from finish();
rollback;
