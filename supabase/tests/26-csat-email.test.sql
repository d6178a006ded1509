-- CSAT by email (issue 17): resolving a widget conversation whose visitor left an email queues one
-- rating request per resolution; the link's function rates that resolution once (the widget's
-- rule), refuses a reopened one, and is reachable by the service role only (the email-rate
-- function, after it verified the signed token); the sender skips requests no longer wanted.
begin;
select plan(27);

create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated, service_role;

select ok(not has_function_privilege('anon', 'public.email_rate_conversation(uuid, uuid, integer, text)', 'execute')
  and not has_function_privilege('authenticated', 'public.email_rate_conversation(uuid, uuid, integer, text)', 'execute'),
  'neither anon nor a member rates through the email function: only the token-checking Edge Function');
select ok(has_function_privilege('service_role', 'public.email_rate_conversation(uuid, uuid, integer, text)', 'execute'),
  'the service role (email-rate) executes it');
select ok(not has_function_privilege('anon', 'private.csat_resolution_open(uuid, uuid)', 'execute')
  and not has_function_privilege('authenticated', 'private.csat_resolution_open(uuid, uuid)', 'execute')
  and not has_function_privilege('authenticated', 'private.email_on_resolution()', 'execute'),
  'the helpers are not an API');

-- three widget visitors: a (left an email), b (left an email, will reopen), n (no email)
select tests.authenticate_as_anon();
insert into tok select 'a', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 'b', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 'n', public.widget_start_session('wk_acme_main', 'https://acme.com');
select tests.clear_authentication();
update public.visitors v set email = t.name || '-csat26@example.com'
from tok t join public.conversations c on c.id = (t.r ->> 'conversation_id')::uuid
where v.id = c.visitor_id and t.name in ('a', 'b');
create temp view conv as select name, (r ->> 'conversation_id')::uuid as id, r ->> 'session_token' as token from tok;
grant select on conv to anon, authenticated;

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select public.take_over_conversation(id) from conv order by name;
select public.resolve_conversation(id) from conv order by name;
select tests.clear_authentication();
create temp view res as
  select c.name, (select t.id from public.conversation_transitions t where t.conversation_id = c.id and t.to_state = 'resolved'
                  order by t.created_at desc, t.id desc limit 1) as id
  from conv c;

select is((select count(*) from public.email_outbox o join conv c on o.payload ->> 'conversation_id' = c.id::text
           where o.kind = 'csat_request' and c.name = 'a'), 1::bigint, 'resolving queues one rating request');
select is((select o.recipient || ' ' || o.status || ' ' || (o.payload ->> 'resolution_id') from public.email_outbox o
           join conv c on o.payload ->> 'conversation_id' = c.id::text where o.kind = 'csat_request' and c.name = 'a'),
  'a-csat26@example.com pending ' || (select id from res where name = 'a'), 'to the visitor''s address, for that resolution');
select ok((select o.not_before > now() + interval '2 minutes' from public.email_outbox o join conv c on o.payload ->> 'conversation_id' = c.id::text
           where o.kind = 'csat_request' and c.name = 'a'), 'it waits like an agent reply, so a visitor on the page rates in the widget first');
select is((select count(*) from public.email_outbox o join conv c on o.payload ->> 'conversation_id' = c.id::text
           where o.kind = 'csat_request' and c.name = 'n'), 0::bigint, 'a visitor without an email gets none');
select is((select private.email_context(o) -> 'data' ->> 'resolution_id' from public.email_outbox o
           join conv c on o.payload ->> 'conversation_id' = c.id::text where o.kind = 'csat_request' and c.name = 'a'),
  (select id::text from res where name = 'a'), 'the template context names the resolution the links are signed for');

-- the link's function, as the service role calls it
select is(public.email_rate_conversation('a0000000-0000-4000-8000-000000000001', (select id from res where name = 'a')),
  '{"status": "due", "rating": null}'::jsonb, 'without a rating it only reports that a rating is due');
select is((select count(*) from public.csat_ratings where resolution_id = (select id from res where name = 'a')), 0::bigint,
  'and stores nothing (the page''s read, safe for link scanners)');
select throws_ok($$ select public.email_rate_conversation('a0000000-0000-4000-8000-000000000001', (select id from res where name = 'a'), 6) $$,
  '22023', 'rating must be 1 to 5', 'a rating above 5 is refused');
select throws_ok($$ select public.email_rate_conversation('a0000000-0000-4000-8000-000000000001', (select id from res where name = 'a'), 0) $$,
  '22023', 'rating must be 1 to 5', 'a rating below 1 is refused');
select throws_ok($$ select public.email_rate_conversation('a0000000-0000-4000-8000-000000000001', (select id from res where name = 'a'), 3, repeat('x', 1001)) $$,
  '22023', 'comment must be at most 1000 characters', 'a comment over 1000 characters is refused');
select is(public.email_rate_conversation('b0000000-0000-4000-8000-000000000001', (select id from res where name = 'a'), 5),
  '{"status": "reopened", "rating": null}'::jsonb, 'a resolution named with another organization is not rateable');
select is(public.email_rate_conversation('a0000000-0000-4000-8000-000000000001', gen_random_uuid(), 5),
  '{"status": "reopened", "rating": null}'::jsonb, 'nor an unknown resolution');
select is(public.email_rate_conversation('a0000000-0000-4000-8000-000000000001', (select id from res where name = 'a'), 4, '  Fast and kind  '),
  '{"status": "rated", "rating": 4}'::jsonb, 'the visitor rates the resolution 4 with a comment');
select is((select concat_ws(' ', r.rating, r.comment, r.agent_id, r.website_id) from public.csat_ratings r
           where r.resolution_id = (select id from res where name = 'a')),
  '4 Fast and kind user_acme_agent a1000000-0000-4000-8000-000000000001', 'stored like a widget rating: agent, website, trimmed comment');
select is(public.email_rate_conversation('a0000000-0000-4000-8000-000000000001', (select id from res where name = 'a'), 1),
  '{"status": "already_rated", "rating": 4}'::jsonb, 'a second use of the link is told it is already rated, and changes nothing');
select is((select count(*) || ' ' || min(rating) from public.csat_ratings where resolution_id = (select id from res where name = 'a')), '1 4',
  'one rating per resolution');
select tests.authenticate_as_anon();
select throws_ok($$ select public.widget_rate_conversation((select token from conv where name = 'a'), 2) $$,
  '23505', 'this resolution is already rated', 'the widget shares the rule: a resolution rated by email is rated');
select tests.clear_authentication();

-- b writes again (reopened) before rating: its request is moot, the next resolution asks again
select tests.authenticate_as_anon();
select public.widget_chat_turn((select token from conv where name = 'b'), 'csat26-reopen', 'One more thing, please', 0);
select tests.clear_authentication();
create temp table first_b on commit drop as select id from res where name = 'b';
grant select on first_b to anon, authenticated;
select is(public.email_rate_conversation('a0000000-0000-4000-8000-000000000001', (select id from first_b), 5),
  '{"status": "reopened", "rating": null}'::jsonb, 'a reopened conversation''s old link rates nothing');

-- the sender's claim (oldest first, so these come before any other due row) settles both
update public.email_outbox o set not_before = now() - interval '10 years'
from conv c where o.kind = 'csat_request' and o.payload ->> 'conversation_id' = c.id::text;
select ok(jsonb_typeof(public.email_claim(5, 60)) = 'array', 'the sender claims');
select is((select o.status || ' ' || o.last_error from public.email_outbox o join conv c on o.payload ->> 'conversation_id' = c.id::text
           where o.kind = 'csat_request' and c.name = 'a'), 'skipped already rated', 'a request already rated is skipped');
select is((select o.status || ' ' || o.last_error from public.email_outbox o join conv c on o.payload ->> 'conversation_id' = c.id::text
           where o.kind = 'csat_request' and c.name = 'b'), 'skipped conversation reopened', 'a request of a reopened conversation is skipped');

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select public.resolve_conversation((select id from conv where name = 'b'));
select tests.clear_authentication();
select is((select count(*) from public.email_outbox o join conv c on o.payload ->> 'conversation_id' = c.id::text
           where o.kind = 'csat_request' and c.name = 'b' and o.status = 'pending'
             and o.payload ->> 'resolution_id' = (select id::text from res where name = 'b')), 1::bigint,
  'the next resolution queues its own request');
select is(public.email_rate_conversation('a0000000-0000-4000-8000-000000000001', (select id from res where name = 'b'), 2),
  '{"status": "rated", "rating": 2}'::jsonb, 'and its link rates it');

-- an unsubscribed visitor keeps getting replies but no rating request
select public.email_unsubscribe('a0000000-0000-4000-8000-000000000001', 'b-csat26@example.com', 'csat_request');
select is((select count(*) from public.email_outbox o join conv c on o.payload ->> 'conversation_id' = c.id::text
           where o.kind = 'csat_request' and c.name = 'b' and o.status = 'pending'), 0::bigint,
  'unsubscribing from rating requests settles the queued one');

select * from finish();
rollback;
