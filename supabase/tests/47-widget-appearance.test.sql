-- The widget in the website's brand and language (issue 17): admins set a website's appearance,
-- nobody else (another organization, an agent, a visitor) can, and public.widget_appearance gives
-- an allowed page exactly those choices, before and without any session.
begin;
select plan(16);

-- grants
select ok(has_function_privilege('anon', 'public.widget_appearance(text, text)', 'execute'),
  'anon executes widget_appearance (the launcher reads it on every page view)');

-- the seed's defaults: today's widget, the organization's own greeting, the browser chooses the language
select tests.authenticate_as_anon();
select is(public.widget_appearance('wk_acme_main', 'https://acme.com'),
  jsonb_build_object('brand_color', '#1c7ed6', 'position', 'right', 'launcher_icon', 'chat', 'avatar_url', null,
    'greeting', 'Hi! I''m the Acme Concierge. Ask me about orders, billing or your account.',
    'input_placeholder', null, 'language', null, 'assistant_name', 'Acme Concierge'),
  'an allowed page reads the default appearance with the organization''s greeting and assistant');
select throws_ok($$ select public.widget_appearance('wk_acme_main', 'https://evil.example') $$, '42501', null,
  'a page on an origin the website does not allow reads nothing');
select throws_ok($$ select public.widget_appearance('wk_nobody_here', 'https://acme.com') $$, 'PGRST', null,
  'an unknown website key reads nothing');
select throws_ok($$ select public.widget_appearance('not a key', 'https://acme.com') $$, '22023', null,
  'a malformed website key is refused');
select throws_ok($$ select public.widget_appearance('wk_acme_main', 'javascript:alert(1)') $$, '22023', null,
  'a malformed origin is refused');
select tests.clear_authentication();
select is((select count(*) from public.visitor_sessions s join public.websites w on w.id = s.website_id
           where w.public_key = 'wk_acme_main' and s.created_at = now()), 0::bigint,
  'reading the appearance opens no session');

-- who may change it
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$ update public.websites set brand_color = '#7048e8', widget_position = 'left', launcher_icon = 'help',
    avatar_url = 'https://cdn.acme.com/ada.png', greeting = 'Xin chào!', input_placeholder = 'Nhập tin nhắn…', widget_language = 'vi'
    where public_key = 'wk_acme_main' $$,
  'an Acme admin sets the widget''s appearance and language');
select throws_ok($$ update public.websites set brand_color = 'red' where public_key = 'wk_acme_main' $$, '23514', null,
  'the colour must be #rrggbb');
select throws_ok($$ update public.websites set avatar_url = 'http://cdn.acme.com/a.png' where public_key = 'wk_acme_main' $$, '23514', null,
  'the avatar must be an https URL');
select throws_ok($$ update public.websites set widget_language = 'ja' where public_key = 'wk_acme_main' $$, '23514', null,
  'only the widget''s five languages can be forced');

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.websites set brand_color = '#000000' where public_key = 'wk_acme_main' $$), 0::bigint,
  'an Acme agent cannot change the appearance');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.websites set brand_color = '#000000' where public_key = 'wk_acme_main' $$), 0::bigint,
  'a Globex owner cannot change Acme''s appearance');
select tests.authenticate_as_anon();
select throws_ok($$ update public.websites set brand_color = '#000000' where public_key = 'wk_acme_main' $$, '42501', null,
  'anon cannot change any appearance');

-- what the widget then reads: the admin's choices, the website's greeting over the organization's
select is(public.widget_appearance('wk_acme_main', 'https://acme.com'),
  jsonb_build_object('brand_color', '#7048e8', 'position', 'left', 'launcher_icon', 'help', 'avatar_url', 'https://cdn.acme.com/ada.png',
    'greeting', 'Xin chào!', 'input_placeholder', 'Nhập tin nhắn…', 'language', 'vi', 'assistant_name', 'Acme Concierge'),
  'the widget reads the admin''s appearance, greeting and forced language');
select is(public.widget_appearance('wk_acme_support', 'https://support.acme.com') ->> 'brand_color', '#1c7ed6',
  'each website has its own appearance');
select tests.clear_authentication();

select * from finish();
rollback;
