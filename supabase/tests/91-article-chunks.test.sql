-- Retrieval by section: articles are split at their headings into article_chunks by a trigger,
-- indexed in the article's language; members read their own organization's chunks and nobody
-- writes them; the search reads typos as the nearest word the articles use, cites the section,
-- and stays inside the session's organization.
begin;
select plan(25);

create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated, service_role;

-- the trigger
select is((select array_agg(anchor order by seq) from public.article_chunks where article_id = 'a6000000-0000-4000-8000-000000000007'),
  array[null, 'turn-on-two-factor-authentication', 'backup-codes', 'lost-your-phone'],
  'a long article is split at its headings, each section with its anchor');
select is((select count(*) from public.article_chunks where article_id = 'a6000000-0000-4000-8000-000000000001'), 1::bigint,
  'an article without headings is one chunk');
select is((select ts_config::text from public.article_chunks where article_id = 'a6000000-0000-4000-8000-00000000000d'), 'french',
  'a French article is indexed with the french configuration');
select is((select ts_config::text from public.article_chunks where article_id = 'b6000000-0000-4000-8000-000000000009'), 'german',
  'a German article is indexed with the german configuration');
select is(private.article_ts_config('vi')::text, 'simple', 'Vietnamese has no stemmer: simple');
select is((select array_agg(anchor order by seq) from private.article_sections(E'# FAQ\nA\n## FAQ\nB\n```\n# not a heading\n```')),
  array['faq', 'faq-1'], 'a repeated heading gets -1; a # line inside fenced code is no heading');

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
update public.articles set body = E'Intro.\n\n## Only section\n\nNew text.' where id = 'a6000000-0000-4000-8000-00000000000c';
select tests.clear_authentication();
select is((select array_agg(coalesce(heading, '-') order by seq) from public.article_chunks where article_id = 'a6000000-0000-4000-8000-00000000000c'),
  array['-', 'Only section'], 'editing the body rebuilds the chunks');
-- a published article: only an admin may delete it
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
delete from public.articles where id = 'a6000000-0000-4000-8000-00000000000c';
select tests.clear_authentication();
select is((select count(*) from public.article_chunks where article_id = 'a6000000-0000-4000-8000-00000000000c'), 0::bigint,
  'deleting the article deletes its chunks');

-- privileges and RLS
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select isnt_empty($$ select 1 from public.article_chunks where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'an Acme viewer reads Acme''s chunks');
select is_empty($$ select 1 from public.article_chunks where organization_id <> 'a0000000-0000-4000-8000-000000000001' $$,
  'an Acme viewer reads no other organization''s chunks');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.article_chunks where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'a Globex owner reads no Acme chunk');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.article_chunks where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'the consultant with Globex active reads no Acme chunk');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.article_chunks (organization_id, article_id, seq, body, ts_config, fts, words)
  values ('a0000000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001', 9, 'x', 'english', ''::tsvector, '{}') $$,
  '42501', null, 'not even an owner inserts a chunk (the trigger writes them)');
select throws_ok($$ update public.article_chunks set body = 'x' $$, '42501', null, 'nobody updates a chunk');
select throws_ok($$ delete from public.article_chunks $$, '42501', null, 'nobody deletes a chunk');
select tests.authenticate_as_anon();
select throws_ok($$ select 1 from public.article_chunks $$, '42501', null, 'anon cannot read chunks');
select throws_ok($$ select public.widget_search_articles('vst_' || repeat('0', 64), 'x') $$, '42501', null,
  'anon still cannot call widget_search_articles directly');

-- the search
select tests.authenticate_as_anon();
insert into tok select 'a', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 'g', public.widget_start_session('wk_globex_main', 'https://globex.com');
select tests.clear_authentication();
create function pg_temp.search(who text, q text) returns jsonb language sql as $$
  select private.widget_search_articles((select r ->> 'session_token' from tok where name = who), q, 3) $$;

select is(pg_temp.search('a', 'how to reset my pasword') -> 'articles' -> 0 ->> 'slug', 'reset-password',
  'a misspelled word is read as the word the articles use (pasword → password)');
select is(pg_temp.search('a', 'how do i retrun an unused item') -> 'articles' -> 0 ->> 'slug', 'returns-and-refunds',
  'swapped letters are read too (retrun → return)');
select is(jsonb_array_length(pg_temp.search('a', 'What is the meaning of life?') -> 'articles'), 0,
  'short words are not "corrected" into a match (life is not file)');
select is(pg_temp.search('a', 'Combien de jours prend la livraison en France ?') -> 'articles' -> 0 ->> 'slug', 'delais-de-livraison',
  'a French question finds the French article');
select is(pg_temp.search('a', 'I lost my phone and cannot get my 2FA code') -> 'articles' -> 0 -> 'section',
  '{"heading": "Lost your phone", "anchor": "lost-your-phone"}'::jsonb, 'the answer cites the section that holds it');
select is(pg_temp.search('a', 'I lost my phone and cannot get my 2FA code') -> 'articles' -> 0 ->> 'url',
  '/help/acme/articles/two-factor-authentication?site=acme.com#lost-your-phone', 'with its link in the help center of the widget''s website');
select is_empty($$ select 1 from jsonb_array_elements(pg_temp.search('g', 'How do I turn on two-factor authentication?') -> 'articles') a
  where (a ->> 'id')::uuid not in (select id from public.articles where organization_id = 'b0000000-0000-4000-8000-000000000001') $$,
  'a Globex visitor asking about an Acme-only topic gets no Acme article');
update public.organizations set settings = settings || '{"help_center_enabled": false}' where slug = 'acme';
select is(pg_temp.search('a', 'How do I reset my password?') -> 'articles' -> 0 -> 'url', 'null'::jsonb,
  'no help-center link while the organization''s help center is off');

select * from finish();
rollback;
