-- article_versions: every save that changes an article keeps the replaced content; members read
-- their organization's history, nobody outside it reads it, and nobody writes it through the API.
begin;
select plan(26);

-- an Acme agent saves the password article twice: two versions, numbered per article
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
update public.articles set body = 'Second body.' where id = 'a6000000-0000-4000-8000-000000000001';
update public.articles set title = 'Resetting a password', body = 'Third body.' where id = 'a6000000-0000-4000-8000-000000000001';
-- a Globex agent edits a Globex article: Globex history
select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
update public.articles set body = 'Globex edit.' where id = 'b6000000-0000-4000-8000-000000000001';

select tests.clear_authentication();
select results_eq($$ select version, title, left(body, 15), edited_by, replaced_by from public.article_versions
    where article_id = 'a6000000-0000-4000-8000-000000000001' order by version $$,
  $$ values (1, 'How to reset your password'::text, 'Forgot your pas'::text, 'user_acme_agent'::text, 'user_acme_agent'::text),
            (2, 'How to reset your password'::text, 'Second body.'::text, 'user_acme_agent'::text, 'user_acme_agent'::text) $$,
  'each save keeps the content it replaced, numbered 1, 2 per article, with who wrote and who replaced it');

-- a publish toggle alone is no new version
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
update public.articles set is_published = false where id = 'a6000000-0000-4000-8000-000000000001';
select is((select count(*)::int from public.article_versions where article_id = 'a6000000-0000-4000-8000-000000000001'), 2,
  'publishing or unpublishing alone keeps no version');
-- saving the same content again keeps no version either
update public.articles set body = 'Third body.' where id = 'a6000000-0000-4000-8000-000000000001';
select is((select count(*)::int from public.article_versions where article_id = 'a6000000-0000-4000-8000-000000000001'), 2,
  'a save that changes nothing keeps no version');

-- members of Acme read Acme's history (viewer and the consultant with Acme active)
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select is((select count(*)::int from public.article_versions), 2, 'an Acme viewer reads Acme''s two versions and nothing of Globex');
select tests.authenticate_as('user_consultant', 'a0000000-0000-4000-8000-000000000001');
select is((select count(*)::int from public.article_versions), 2, 'the consultant with Acme active reads Acme''s versions only');

-- outsiders: no read, no write
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.article_versions where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'a Globex owner sees no Acme version');
select is((select count(*)::int from public.article_versions), 1, 'a Globex owner reads Globex''s one version');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.article_versions $$, 'a Globex owner whose token claims Acme sees no version');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.article_versions where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'the consultant with Globex active sees no Acme version');
select tests.authenticate_as('user_nobody', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.article_versions $$, 'a non-member whose token claims Acme sees no version');
select tests.authenticate_as_anon();
select throws_ok($$ select 1 from public.article_versions $$, '42501', null, 'anon has no select privilege');
select throws_ok($$ insert into public.article_versions (organization_id, article_id, version, title, slug, body, language, is_published, edited_at)
    values ('a0000000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001', 9, 'x', 'x', 'x', 'en', true, now()) $$,
  '42501', null, 'anon cannot insert a version');

-- nobody writes history through the API, whatever their role
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.article_versions (organization_id, article_id, version, title, slug, body, language, is_published, edited_at)
    values ('a0000000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001', 9, 'x', 'x', 'x', 'en', true, now()) $$,
  '42501', null, 'not even an Acme owner inserts a version');
select throws_ok($$ update public.article_versions set body = 'rewritten' $$, '42501', null, 'not even an Acme owner rewrites a version');
select throws_ok($$ delete from public.article_versions $$, '42501', null, 'not even an Acme owner deletes a version');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.article_versions (organization_id, article_id, version, title, slug, body, language, is_published, edited_at)
    values ('a0000000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001', 9, 'x', 'x', 'x', 'en', true, now()) $$,
  '42501', null, 'an Acme agent cannot insert a version');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.article_versions (organization_id, article_id, version, title, slug, body, language, is_published, edited_at)
    values ('a0000000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001', 9, 'x', 'x', 'x', 'en', true, now()) $$,
  '42501', null, 'a Globex owner cannot insert an Acme version');
select throws_ok($$ delete from public.article_versions $$, '42501', null, 'a Globex owner cannot delete versions');

-- restore = save the old content again: the current content becomes a version in turn
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
update public.articles a set title = v.title, body = v.body, slug = v.slug, collection = v.collection, tags = v.tags, language = v.language
from public.article_versions v
where v.article_id = a.id and v.version = 1 and a.id = 'a6000000-0000-4000-8000-000000000001';
select is((select left(body, 15) from public.articles where id = 'a6000000-0000-4000-8000-000000000001'), 'Forgot your pas',
  'restoring version 1 brings its content back');
select is((select body from public.article_versions where article_id = 'a6000000-0000-4000-8000-000000000001' and version = 3),
  'Third body.', 'and keeps the content it replaced as version 3');

-- the version trigger is the only writer, with definer rights members cannot call
select ok(not has_function_privilege('authenticated', 'private.keep_article_version()', 'execute'),
  'members cannot call the version trigger function');
select ok(not has_table_privilege('authenticated', 'public.article_versions', 'insert')
  and not has_table_privilege('authenticated', 'public.article_versions', 'update')
  and not has_table_privilege('authenticated', 'public.article_versions', 'delete'),
  'authenticated holds select only on article_versions');

-- an article's history goes with it
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
delete from public.articles where id = 'a6000000-0000-4000-8000-000000000001';
select tests.clear_authentication();
select is((select count(*)::int from public.article_versions where article_id = 'a6000000-0000-4000-8000-000000000001'), 0,
  'deleting an article deletes its versions');
select is((select count(*)::int from public.article_versions where organization_id = 'b0000000-0000-4000-8000-000000000001'), 1,
  'and leaves other organizations'' history alone');
select col_is_fk('public', 'article_versions', array['article_id', 'organization_id'], 'versions point at their article with the composite key');
select ok((select relrowsecurity from pg_class where oid = 'public.article_versions'::regclass), 'article_versions has row level security');

select * from finish();
rollback;
