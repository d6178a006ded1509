-- Quotas in Postgres: new widget sessions per website (minute, day), escalations per website
-- (hour) and AI turns per organization (day) hold for anon calling the RPCs directly, with the
-- organization's override or the default; each website counts apart; nobody in the API can read
-- or change the overrides or the counters.
begin;
select plan(33);

insert into public.organizations (id, slug, name, kind, ticket_prefix) values
  ('53000000-0000-4000-8000-000000000001', 'quota-one', 'Quota One', 'team', 'QONE'),
  ('53000000-0000-4000-8000-000000000002', 'quota-two', 'Quota Two', 'team', 'QTWO'),
  ('53000000-0000-4000-8000-000000000003', 'quota-three', 'Quota Three', 'team', 'QTRE');
insert into public.websites (id, organization_id, domain, name, allowed_origins) values
  ('53100000-0000-4000-8000-000000000001', '53000000-0000-4000-8000-000000000001', 'a.quota-one.example', 'Q1 A', '{https://a.quota-one.example}'),
  ('53100000-0000-4000-8000-000000000002', '53000000-0000-4000-8000-000000000001', 'b.quota-one.example', 'Q1 B', '{https://b.quota-one.example}'),
  ('53100000-0000-4000-8000-000000000003', '53000000-0000-4000-8000-000000000002', 'quota-two.example', 'Q2', '{https://quota-two.example}'),
  ('53100000-0000-4000-8000-000000000004', '53000000-0000-4000-8000-000000000003', 'quota-three.example', 'Q3', '{https://quota-three.example}');
insert into private.organization_quotas (organization_id, sessions_per_minute, escalations_per_hour, ai_turns_per_day) values
  ('53000000-0000-4000-8000-000000000001', 3, 2, 1);
insert into private.organization_quotas (organization_id, sessions_per_day) values
  ('53000000-0000-4000-8000-000000000003', 2);

create temp table k (site text primary key, wk text, origin text);
insert into k select 'q1a', public_key, allowed_origins[1] from public.websites where id = '53100000-0000-4000-8000-000000000001';
insert into k select 'q1b', public_key, allowed_origins[1] from public.websites where id = '53100000-0000-4000-8000-000000000002';
insert into k select 'q2', public_key, allowed_origins[1] from public.websites where id = '53100000-0000-4000-8000-000000000003';
insert into k select 'q3', public_key, allowed_origins[1] from public.websites where id = '53100000-0000-4000-8000-000000000004';
-- one row per call: its result, or the error's SQLSTATE, message and hint
create temp table calls (n serial primary key, label text, r jsonb, state text, msg text, hint text);
grant select on k to anon, authenticated;
grant select, insert on calls to anon, authenticated;
grant usage on sequence calls_n_seq to anon, authenticated;

-- Runs `times` session starts on one website as the current role, recording each outcome.
create function pg_temp.start_sessions(p_label text, p_site text, times integer) returns void
language plpgsql as $$
declare
  i integer;
  st text; m text; h text;
begin
  for i in 1..times loop
    begin
      insert into calls (label, r) select p_label, public.widget_start_session(k.wk, k.origin) from k where k.site = p_site;
    exception when others then
      get stacked diagnostics st = returned_sqlstate, m = message_text, h = pg_exception_hint;
      insert into calls (label, state, msg, hint) values (p_label, st, m, h);
    end;
  end loop;
end
$$;
create function pg_temp.escalate(p_label text, p_token text) returns void
language plpgsql as $$
declare
  st text; m text; h text;
begin
  insert into calls (label, r) values (p_label, public.widget_escalate(p_token, 'quota@example.com', 'Quota', null));
exception when others then
  get stacked diagnostics st = returned_sqlstate, m = message_text, h = pg_exception_hint;
  insert into calls (label, state, msg, hint) values (p_label, st, m, h);
end
$$;
grant execute on function pg_temp.start_sessions(text, text, integer), pg_temp.escalate(text, text) to anon, authenticated;

-- nobody in the API reads or writes the overrides or the counters
select tests.authenticate_as_anon();
select throws_ok($$ select * from private.organization_quotas $$, '42501', null, 'anon cannot read the quota overrides');
select throws_ok($$ select * from private.quota_counters $$, '42501', null, 'anon cannot read the quota counters');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select * from private.organization_quotas $$, '42501', null, 'an organization owner cannot read the quota overrides');
select throws_ok($$ insert into private.organization_quotas (organization_id, ai_turns_per_day) values ('a0000000-0000-4000-8000-000000000001', 100000000) $$,
  '42501', null, 'an organization owner cannot raise their own quotas');
select throws_ok($$ update private.organization_quotas set ai_turns_per_day = 100000000 $$,
  '42501', null, 'nor update them');
select throws_ok($$ delete from private.quota_counters $$, '42501', null, 'nor reset the counters');
select tests.clear_authentication();
select ok(not has_function_privilege('anon', 'private.quota_take(text, uuid, integer, integer)', 'execute')
  and not has_function_privilege('authenticated', 'private.quota_take(text, uuid, integer, integer)', 'execute')
  and not has_function_privilege('authenticated', 'private.quota_enforce(uuid, text, uuid, integer, text)', 'execute'),
  'the counting functions are not callable through the API');
select throws_ok($$ insert into private.organization_quotas (organization_id, sessions_per_minute) values ('53000000-0000-4000-8000-000000000002', -1) $$,
  '23514', null, 'a negative quota is refused');

-- sessions per website per minute, with the organization's lowered limit (3)
select tests.authenticate_as_anon();
select pg_temp.start_sessions('q1a', 'q1a', 4);
select is((select count(*) from calls where label = 'q1a' and r ->> 'session_token' like 'vst_%'), 3::bigint,
  'anon opens as many sessions on a website as the organization''s per-minute quota allows');
select is((select state from calls where label = 'q1a' order by n desc limit 1), 'PT429', 'the next one is refused with PT429 (HTTP 429)');
select matches((select msg from calls where label = 'q1a' order by n desc limit 1),
  '^quota exceeded: at most 3 new sessions per website per minute \(sessions_per_minute\)', 'naming the quota and its limit');
select ok((select substring(hint from '^retry-after=(\d+) quota=[a-z_]+$')::integer between 1 and 60 from calls where label = 'q1a' order by n desc limit 1),
  'with retry-after = the seconds until the minute window ends');
select pg_temp.start_sessions('q1b', 'q1b', 1);
select is((select count(*) from calls where label = 'q1b' and r ? 'session_token'), 1::bigint,
  'another website of the same organization has a quota of its own');
select tests.clear_authentication();
select is((select count(*) from public.visitors where website_id = '53100000-0000-4000-8000-000000000001'), 3::bigint,
  'the refused start left no visitor behind');
select is((select count(*) from public.conversations where website_id = '53100000-0000-4000-8000-000000000001'), 3::bigint,
  'nor a conversation');

-- raising the override lets the next start through; resuming a session is never counted
update private.organization_quotas set sessions_per_minute = 4 where organization_id = '53000000-0000-4000-8000-000000000001';
select tests.authenticate_as_anon();
select pg_temp.start_sessions('q1a-raised', 'q1a', 2);
select is((select array_agg(coalesce(state, 'ok') order by n) from calls where label = 'q1a-raised'), array['ok', 'PT429'],
  'a raised override lets one more session through, then refuses again');
select is((public.widget_start_session((select wk from k where site = 'q1a'), (select origin from k where site = 'q1a'),
           (select r ->> 'session_token' from calls where label = 'q1a' order by n limit 1)) ->> 'resumed'), 'true',
  'a live session still resumes on a website over its quota');

-- the default (120 per minute) where the organization has no override; another organization is apart
select pg_temp.start_sessions('q2', 'q2', 121);
select is((select count(*) from calls where label = 'q2' and state is null), 120::bigint,
  'without an override a website opens the default 120 sessions a minute');
select is((select state from calls where label = 'q2' order by n desc limit 1), 'PT429', 'and refuses the 121st');
select tests.clear_authentication();
insert into private.organization_quotas (organization_id, sessions_per_minute) values ('53000000-0000-4000-8000-000000000002', 200);
select tests.authenticate_as_anon();
select pg_temp.start_sessions('q2-raised', 'q2', 1);
select is((select state from calls where label = 'q2-raised'), null, 'an override raises a website''s quota above the default');

-- sessions per website per day
select pg_temp.start_sessions('q3', 'q3', 3);
select is((select array_agg(coalesce(state, 'ok') order by n) from calls where label = 'q3'), array['ok', 'ok', 'PT429'],
  'the daily session quota refuses the start after it');
select matches((select msg from calls where label = 'q3' and state is not null), '\(sessions_per_day\)', 'naming the daily quota');
select ok((select substring(hint from '^retry-after=(\d+) quota=[a-z_]+$')::integer between 1 and 86400 from calls where label = 'q3' and state is not null),
  'retry-after is at most the rest of the UTC day');

-- escalations per website per hour (2 for Quota One)
select pg_temp.start_sessions('q1b-more', 'q1b', 2);
select pg_temp.escalate('esc1', (select r ->> 'session_token' from calls where label = 'q1b'));
select pg_temp.escalate('esc2', (select r ->> 'session_token' from calls where label = 'q1b-more' order by n limit 1));
select pg_temp.escalate('esc3', (select r ->> 'session_token' from calls where label = 'q1b-more' order by n desc limit 1));
select is((select array_agg(coalesce(state, (r ->> 'created')) order by n) from calls where label like 'esc_'),
  array['true', 'true', 'PT429'], 'escalations beyond the website''s hourly quota are refused');
select matches((select msg from calls where label = 'esc3'), '^quota exceeded: at most 2 escalations per website per hour \(escalations_per_hour\)',
  'naming the escalation quota');
select ok((select substring(hint from '^retry-after=(\d+) quota=[a-z_]+$')::integer between 1 and 3600 from calls where label = 'esc3'),
  'retry-after is at most the rest of the hour');
select pg_temp.escalate('esc1-again', (select r ->> 'session_token' from calls where label = 'q1b'));
select is((select r ->> 'created' from calls where label = 'esc1-again'), 'false',
  'an escalated conversation still gets its existing ticket back over the quota');
select pg_temp.escalate('esc-a', (select r ->> 'session_token' from calls where label = 'q1a' order by n limit 1));
select is((select r ->> 'created' from calls where label = 'esc-a'), 'true', 'another website''s escalations count apart');
select tests.clear_authentication();
select is((select count(*) from public.tickets where website_id = '53100000-0000-4000-8000-000000000002'), 2::bigint,
  'the refused escalation stored no ticket');

-- AI turns per organization per day (1 for Quota One), in a conversation still with the assistant
-- (the one escalated above is the team's: its turns ask no AI at all)
select tests.authenticate_as_anon();
insert into calls (label, r) select 'turn1', public.widget_chat_turn((select r ->> 'session_token' from calls where label = 'q1a-raised' order by n limit 1), 'quota-turn-0001', 'Where is my order?');
insert into calls (label, r) select 'turn2', public.widget_chat_turn((select r ->> 'session_token' from calls where label = 'q1a-raised' order by n limit 1), 'quota-turn-0002', 'And my refund?');
select is((select r -> 'ai_over_budget' from calls where label = 'turn1'), 'false'::jsonb, 'a turn within the daily AI budget is answered');
select ok((select r ? 'retrieval' from calls where label = 'turn1'), 'with retrieval for the model');
select is((select r -> 'ai_over_budget' from calls where label = 'turn2'), 'true'::jsonb,
  'the turn after the organization''s daily AI budget is flagged over budget');
select ok((select not r ? 'retrieval' and r ? 'id' from calls where label = 'turn2'),
  'its message is stored, but no retrieval is returned for a model');

select * from finish();
rollback;
