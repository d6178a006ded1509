-- The analytics functions against a small organization whose figures are worked out by hand
-- (in the comments), and their isolation: the same calls from other organizations see none of it.
begin;
select plan(19);

insert into public.organizations (id, slug, name, ticket_prefix, settings) values ('d0000000-0000-4000-8000-000000000001', 'initech', 'Initech', 'INI',
  '{"conversions": [{"name": "Signup", "from": "signup_started", "to": "signup_completed"}, {"name": "Never", "from": "nothing", "to": "page_view"}]}');
insert into public.users (id, email) values ('user_initech_viewer', 'peter@initech.example');
insert into public.organization_members (organization_id, user_id, role) values ('d0000000-0000-4000-8000-000000000001', 'user_initech_viewer', 'viewer');
insert into public.websites (id, organization_id, domain, name) values
  ('d1000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001', 'initech.example', 'Main'),
  ('d1000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000001', 'shop.initech.example', 'Shop');
-- visitors: v0 first seen before the range, v1..v3 inside it (new_visitors = 3)
insert into public.visitors (id, organization_id, first_seen_at) values
  ('d4000000-0000-4000-8000-000000000000', 'd0000000-0000-4000-8000-000000000001', '2026-01-15Z'),
  ('d4000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001', '2026-02-02 09:00Z'),
  ('d4000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000001', '2026-02-01 00:00Z'),
  ('d4000000-0000-4000-8000-000000000003', 'd0000000-0000-4000-8000-000000000001', '2026-02-05 09:00Z');
-- conversations (range: 2026-02-01 to 2026-02-08 UTC)
--   c1 v1 AI answers in 30s, resolved after 600s      c2 v1 AI 10s, escalated (low_confidence), agent, resolved after 3600s
--   c3 v2 agent answers in 120s, escalated (visitor_request), started 22:00 on Feb 2 in New York
--   c4 v0 no answer   c5 no messages   c6 before the range   c7 v3 AI 90s, plus an internal note
insert into public.conversations (id, organization_id, visitor_id, created_at, is_escalated, escalated_reason, is_resolved, resolved_at) values
  ('d2000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001', 'd4000000-0000-4000-8000-000000000001', '2026-02-02 10:00Z', false, null, true, '2026-02-02 10:10Z'),
  ('d2000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000001', 'd4000000-0000-4000-8000-000000000001', '2026-02-02 12:00Z', true, 'low_confidence', true, '2026-02-02 13:00Z'),
  ('d2000000-0000-4000-8000-000000000003', 'd0000000-0000-4000-8000-000000000001', 'd4000000-0000-4000-8000-000000000002', '2026-02-03 03:00Z', true, 'visitor_request', false, null),
  ('d2000000-0000-4000-8000-000000000004', 'd0000000-0000-4000-8000-000000000001', 'd4000000-0000-4000-8000-000000000000', '2026-02-03 15:00Z', false, null, false, null),
  ('d2000000-0000-4000-8000-000000000005', 'd0000000-0000-4000-8000-000000000001', null, '2026-02-04 08:00Z', false, null, false, null),
  ('d2000000-0000-4000-8000-000000000006', 'd0000000-0000-4000-8000-000000000001', 'd4000000-0000-4000-8000-000000000000', '2026-01-30 08:00Z', false, null, false, null),
  ('d2000000-0000-4000-8000-000000000007', 'd0000000-0000-4000-8000-000000000001', 'd4000000-0000-4000-8000-000000000003', '2026-02-05 10:00Z', false, null, false, null);
insert into public.messages (organization_id, conversation_id, sender_type, body, is_internal, created_at)
select 'd0000000-0000-4000-8000-000000000001', ('d2000000-0000-4000-8000-00000000000' || c)::uuid, s::public.sender_type, 'x', i, t::timestamptz
from (values
  (1, 'visitor', false, '2026-02-02 10:00:00Z'), (1, 'ai', false, '2026-02-02 10:00:30Z'), (1, 'visitor', false, '2026-02-02 10:01:00Z'), (1, 'ai', false, '2026-02-02 10:01:10Z'),
  (2, 'visitor', false, '2026-02-02 12:00:00Z'), (2, 'ai', false, '2026-02-02 12:00:10Z'), (2, 'agent', false, '2026-02-02 12:05:00Z'),
  (3, 'visitor', false, '2026-02-03 03:00:00Z'), (3, 'agent', false, '2026-02-03 03:02:00Z'),
  (4, 'visitor', false, '2026-02-03 15:00:00Z'),
  (6, 'visitor', false, '2026-01-30 08:00:00Z'), (6, 'ai', false, '2026-01-30 08:00:05Z'),
  (7, 'visitor', false, '2026-02-05 10:00:00Z'), (7, 'ai', false, '2026-02-05 10:01:30Z'), (7, 'agent', true, '2026-02-05 10:02:00Z')
) m(c, s, i, t);
-- events: Signup started by v1 (converts), v2 (completed only before starting), v0 (converts); v3 started before the range
insert into public.events (organization_id, name, visitor_id, occurred_at)
select 'd0000000-0000-4000-8000-000000000001', n, ('d4000000-0000-4000-8000-00000000000' || v)::uuid, t::timestamptz
from (values ('signup_started', '1', '2026-02-02 11:00Z'), ('signup_completed', '1', '2026-02-02 11:05Z'),
  ('signup_completed', '2', '2026-02-01 08:00Z'), ('signup_started', '2', '2026-02-03 08:00Z'),
  ('signup_started', '0', '2026-02-06 08:00Z'), ('signup_completed', '0', '2026-02-06 09:00Z'),
  ('signup_started', '3', '2026-01-31 08:00Z'), ('signup_completed', '3', '2026-02-05 11:00Z')) e(n, v, t);
insert into public.events (organization_id, name, occurred_at) values ('d0000000-0000-4000-8000-000000000001', 'page_view', '2026-02-04 12:00Z');
insert into public.articles (id, organization_id, title, slug) values
  ('d6000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001', 'Alpha guide', 'alpha'),
  ('d6000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000001', 'Beta guide', 'beta');
insert into public.article_views (organization_id, article_id, url, visitor_id, viewed_at) values
  ('d0000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000001', null, 'd4000000-0000-4000-8000-000000000001', '2026-02-02 11:00Z'),
  ('d0000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000001', null, 'd4000000-0000-4000-8000-000000000002', '2026-02-03 11:00Z'),
  ('d0000000-0000-4000-8000-000000000001', null, 'https://blog.example/x', 'd4000000-0000-4000-8000-000000000001', '2026-02-04 11:00Z'),
  ('d0000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', null, null, '2026-02-04 11:00Z');
insert into public.article_mentions (organization_id, article_id, url, mentioned_at, clicked_at) values
  ('d0000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000001', null, '2026-02-02 10:00Z', '2026-02-02 10:01Z'),
  ('d0000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', null, '2026-02-03 10:00Z', null),
  ('d0000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', null, '2026-02-03 10:00Z', '2026-02-03 10:05Z'),
  ('d0000000-0000-4000-8000-000000000001', null, 'https://blog.example/x', '2026-02-05 10:00Z', null);
insert into public.tickets (organization_id, website_id, subject, status, created_at) values
  ('d0000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000001', 'a', 'open', '2026-02-02Z'),
  ('d0000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000001', 'b', 'resolved', '2026-02-03Z'),
  ('d0000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000002', 'c', 'open', '2026-02-03Z'),
  ('d0000000-0000-4000-8000-000000000001', null, 'd', 'pending', '2026-02-04Z'),
  ('d0000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000002', 'e', 'open', '2026-01-20Z');

select tests.authenticate_as('user_initech_viewer', 'd0000000-0000-4000-8000-000000000001');
-- 6 conversations in range, 5 engaged; deflected c1 c7 (2/5); escalated c2 c3 (2/5); resolved c1 c2;
-- first responses 10 30 90 120 -> median 60; resolutions 600 3600 -> median 2100;
-- visible messages 12 = visitor 6 + ai 4 + agent 2; new visitors v1 v2 v3; active v0 v1 v2 v3; 8 events; 4 tickets
select results_eq($$ select * from public.analytics_summary('2026-02-01Z', '2026-02-08Z') $$,
  $$ values (6::bigint, 5::bigint, 2::bigint, 0.4::numeric, 2::bigint, 0.4::numeric, 2::bigint, 60::numeric, 2100::numeric,
             12::bigint, 6::bigint, 4::bigint, 2::bigint, 3::bigint, 4::bigint, 8::bigint, 4::bigint) $$,
  'the summary matches the hand-computed figures');
select results_eq($$ select day::text, conversations, escalated, ai_deflected, messages, visitor_messages, ai_messages, agent_messages,
    new_visitors, active_visitors, events from public.analytics_daily('2026-02-01Z', '2026-02-08Z', 'UTC') $$,
  $$ values ('2026-02-01', 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 1::bigint, 1::bigint, 1::bigint),
            ('2026-02-02', 2, 1, 1, 7, 3, 3, 1, 1, 1, 2),
            ('2026-02-03', 2, 1, 0, 3, 2, 0, 1, 0, 2, 1),
            ('2026-02-04', 1, 0, 0, 0, 0, 0, 0, 0, 1, 1),
            ('2026-02-05', 1, 0, 1, 2, 1, 1, 0, 1, 1, 1),
            ('2026-02-06', 0, 0, 0, 0, 0, 0, 0, 0, 1, 2),
            ('2026-02-07', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) $$,
  'the daily series (UTC) matches, every day present');
select results_eq($$ select day::text, conversations, messages from public.analytics_daily('2026-02-01 05:00Z', '2026-02-08 05:00Z', 'America/New_York')
    where day = '2026-02-02' $$,
  $$ values ('2026-02-02', 3::bigint, 9::bigint) $$, 'in New York, c3 and its two messages belong to February 2');
select is((select count(*) from public.analytics_daily('2026-02-01 05:00Z', '2026-02-08 05:00Z', 'America/New_York')), 7::bigint,
  'a week in New York is seven days');
select results_eq($$ select * from public.analytics_escalation_reasons('2026-02-01Z', '2026-02-08Z') $$,
  $$ values ('low_confidence'::text, 1::bigint), ('visitor_request', 1) $$, 'escalation reasons');
select results_eq($$ select website_name, status::text, tickets from public.analytics_tickets('2026-02-01Z', '2026-02-08Z') $$,
  $$ values ('Main'::text, 'open'::text, 1::bigint), ('Main', 'resolved', 1), ('Shop', 'open', 1), (null, 'pending', 1) $$,
  'tickets by website and status (the January ticket is outside the range)');
select results_eq($$ select * from public.analytics_event_totals('2026-02-01Z', '2026-02-08Z') $$,
  $$ values ('signup_completed'::text, 4::bigint, 4::bigint), ('signup_started', 3, 3), ('page_view', 1, 0) $$, 'event totals');
select results_eq($$ select name, started, converted, rate from public.analytics_conversions('2026-02-01Z', '2026-02-08Z') $$,
  $$ values ('Signup'::text, 3::bigint, 2::bigint, 0.6667::numeric), ('Never', 0, 0, null) $$,
  'conversions: v1 and v0 convert, v2 completed before starting, v3 started before the range');
select results_eq($$ select title, url, views, mentions, clicks from public.analytics_top_articles('2026-02-01Z', '2026-02-08Z') $$,
  $$ values ('Alpha guide'::text, null::text, 2::bigint, 1::bigint, 1::bigint), ('Beta guide', null, 1, 2, 1),
            ('https://blog.example/x', 'https://blog.example/x', 1, 1, 0) $$, 'top articles, knowledge base and outside pages');
select is((select count(*) from public.analytics_top_articles('2026-02-01Z', '2026-02-08Z', 1)), 1::bigint, 'p_limit limits');

-- isolation: other callers see none of Initech
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select results_eq($$ select conversations, messages, events, tickets from public.analytics_summary('2026-02-01Z', '2026-02-08Z') $$,
  $$ values (0::bigint, 0::bigint, 0::bigint, 0::bigint) $$, 'an Acme owner sees none of Initech''s figures');
select is_empty($$ select 1 from public.analytics_top_articles('2026-02-01Z', '2026-02-08Z') $$, 'nor its articles');
select is_empty($$ select 1 from public.analytics_conversions('2026-02-01Z', '2026-02-08Z') $$, 'nor its configured conversions');
select tests.authenticate_as('user_acme_owner', 'd0000000-0000-4000-8000-000000000001');
select results_eq($$ select conversations, messages, new_visitors, events from public.analytics_summary('2026-02-01Z', '2026-02-08Z') $$,
  $$ values (0::bigint, 0::bigint, 0::bigint, 0::bigint) $$, 'a non-member whose token claims Initech sees nothing');
select is((select sum(messages) from public.analytics_daily('2026-02-01Z', '2026-02-08Z')), 0::numeric, 'not even per day');
select tests.authenticate_as_anon();
select throws_ok($$ select * from public.analytics_summary('2026-02-01Z', '2026-02-08Z') $$, '42501', null, 'anon cannot call the analytics');

-- arguments
select tests.authenticate_as('user_initech_viewer', 'd0000000-0000-4000-8000-000000000001');
select throws_ok($$ select * from public.analytics_summary('2026-02-08Z', '2026-02-01Z') $$, '22023', null, 'a backwards range is refused');
select throws_ok($$ select * from public.analytics_daily('2025-01-01Z', '2026-02-08Z') $$, '22023', null, 'more than 400 days is refused');
select throws_ok($$ select * from public.analytics_daily('2026-02-01Z', '2026-02-08Z', 'Mars/Olympus') $$, '22023', null, 'an unknown time zone is refused');

select * from finish();
rollback;
