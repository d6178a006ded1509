-- The help center per website: anon learns of a website only what its help center shows (name,
-- domain, colour) and only for organizations whose help center is on; the widget's citations
-- link to the help center of the website it runs on.
begin;
select plan(13);

-- an organization that never turned its help center on, with a website and a published article
insert into public.organizations (id, slug, name, kind, ticket_prefix)
values ('c0000000-0000-4000-8000-000000000018', 'hooli-18', 'Hooli', 'team', 'HOO');
insert into public.websites (organization_id, domain, name, allowed_origins, brand_color)
values ('c0000000-0000-4000-8000-000000000018', 'hooli.example', 'Hooli site', '{https://hooli.example}', '#112233');
insert into public.articles (organization_id, title, slug, body, is_published)
values ('c0000000-0000-4000-8000-000000000018', 'Nucleus', 'nucleus', 'Compression.', true);
update public.websites set brand_color = '#aa3300' where public_key = 'wk_acme_support';

select tests.authenticate_as_anon();
select is(public.help_center('acme') -> 'websites',
  '[{"name": "Acme main site", "domain": "acme.com", "brand_color": "#1c7ed6"},
    {"name": "Acme shop", "domain": "shop.acme.com", "brand_color": "#1c7ed6"},
    {"name": "Acme support", "domain": "support.acme.com", "brand_color": "#aa3300"}]'::jsonb,
  'anon gets each website''s name, domain and colour of an open help center');
select is_empty($$ select 1 from jsonb_array_elements(public.help_center('acme') -> 'websites') w
                   where (select array_agg(k order by k) from jsonb_object_keys(w) k) <> '{brand_color,domain,name}' $$,
  'and nothing else of a website (no key, origins, counts or id)');
select is(public.help_center('hooli-18'), null, 'nothing of a website of an organization whose help center was never on');
select throws_ok($$ select name from public.websites $$, '42501', null, 'anon still reads no website row');
select throws_ok($$ select 1 from public.website_secrets $$, '42501', null, 'nor a website''s secrets');
select throws_ok($$ select 1 from public.tickets $$, '42501', null, 'nor tickets');
select is_empty($$ select 1 from public.articles where not is_published or organization_id = 'c0000000-0000-4000-8000-000000000018' $$,
  'no draft, nothing of the closed organization');
select tests.clear_authentication();

update public.organizations set settings = settings || '{"help_center_enabled": false}' where slug = 'globex';
select tests.authenticate_as_anon();
select is(public.help_center('globex'), null, 'an organization that turns its help center off shows no website');
select is_empty($$ select 1 from public.articles where organization_id = 'b0000000-0000-4000-8000-000000000001' $$,
  'and no article');
select tests.clear_authentication();

-- citations link to the help center of the widget's website
create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, service_role;
select tests.authenticate_as_anon();
insert into tok select 'support', public.widget_start_session('wk_acme_support', 'https://support.acme.com');
insert into tok select 'main', public.widget_start_session('wk_acme_main', 'https://acme.com');
select tests.clear_authentication();
select matches(private.widget_search_articles((select r ->> 'session_token' from tok where name = 'support'), 'How do I reset my password?', 1)
            -> 'articles' -> 0 ->> 'url',
  '^/help/acme/articles/reset-password\?site=support\.acme\.com(#|$)', 'a citation on support.acme.com links to its help center');
select matches(private.widget_search_articles((select r ->> 'session_token' from tok where name = 'main'), 'How do I reset my password?', 1)
            -> 'articles' -> 0 ->> 'url',
  '^/help/acme/articles/reset-password\?site=acme\.com(#|$)', 'one on acme.com to acme.com''s');
update public.organizations set settings = settings || '{"help_center_enabled": false}' where slug = 'acme';
select is(private.widget_search_articles((select r ->> 'session_token' from tok where name = 'main'), 'How do I reset my password?', 1)
            -> 'articles' -> 0 ->> 'url',
  null, 'no link while the help center is off');

-- the conversation's history keeps a citation's link (the widget shows it again after a reload)
select tests.authenticate_as_anon();
insert into tok select 'q', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'main'),
  'turn-18-000001', 'How do I reset my password?');
select tests.clear_authentication();
set local role service_role;
insert into tok select 'ai', public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 'main'),
  'ai:turn-18-000001', 'Use the reset link.',
  '{"confidence": 0.9, "intent": "answer", "sources": [{"id": "a6000000-0000-4000-8000-000000000001", "title": "How to reset your password", "url": "http://app.example/help/acme/articles/reset-password?site=acme.com"}]}');
reset role;
select tests.authenticate_as_anon();
select is((select m -> 'sources'
           from jsonb_array_elements(public.widget_messages((select r ->> 'session_token' from tok where name = 'main')) -> 'messages') m
           where m ->> 'sender_type' = 'ai' and m ->> 'body' = 'Use the reset link.'),
  '[{"id": "a6000000-0000-4000-8000-000000000001", "title": "How to reset your password", "url": "http://app.example/help/acme/articles/reset-password?site=acme.com"}]'::jsonb,
  'the history keeps each cited article''s link');
select tests.clear_authentication();

select * from finish();
rollback;
