-- Offline mode (issue 17): the widget's "is the team at work, and when is it back" answer
-- (public.widget_team_hours, service role only) and the members' own (public.team_hours_status).
-- "Now" is made closed or open by the schedule itself (a holiday on today's local date, no open
-- day, a whole-day window today), never by where the wall clock happens to stand.
begin;
select plan(24);

select ok(not has_function_privilege('anon', 'public.widget_team_hours(text)', 'execute'),
  'anon cannot execute widget_team_hours');
select ok(not has_function_privilege('authenticated', 'public.widget_team_hours(text)', 'execute'),
  'authenticated cannot execute widget_team_hours');
select ok(has_function_privilege('service_role', 'public.widget_team_hours(text)', 'execute'),
  'service_role executes widget_team_hours');
select ok(not has_function_privilege('anon', 'public.team_hours_status()', 'execute'),
  'anon cannot execute team_hours_status');

select tests.authenticate_as_anon();
select throws_ok($$select public.widget_team_hours('wk_acme_main')$$, '42501', null,
  'a visitor (anon) cannot ask for a website''s hours directly');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$select public.widget_team_hours('wk_acme_main')$$, '42501', null,
  'nor can a member of the organization');
select tests.clear_authentication();

-- the seed: Acme's hours exist but are not enabled, so the team is always open
select is(public.widget_team_hours('wk_acme_main'),
  '{"open": true, "back_at": null, "offline_message": null, "time_zone": "America/New_York"}'::jsonb,
  'hours not enabled: open, nothing to be back from');
select is(public.widget_team_hours('wk_nobody_has_this'), null, 'an unknown website key answers nothing');
select is(public.widget_team_hours(null), null, 'nor does no key');

-- Acme enabled, today (in New York) a holiday: closed now, back at the next opening
update public.business_hours set enabled = true, offline_message = null
where organization_id = 'a0000000-0000-4000-8000-000000000001';
insert into public.holidays (organization_id, day, name)
values ('a0000000-0000-4000-8000-000000000001', (now() at time zone 'America/New_York')::date, 'Test day off')
on conflict (organization_id, day) do nothing;

select is((public.widget_team_hours('wk_acme_main') ->> 'open')::boolean, false, 'a holiday today: the team is away');
select is((public.widget_team_hours('wk_acme_main') ->> 'back_at')::timestamptz,
  private.business_open_at('a0000000-0000-4000-8000-000000000001', now()),
  'back_at is the next opening');
select ok(((public.widget_team_hours('wk_acme_main') ->> 'back_at')::timestamptz at time zone 'America/New_York')::date
  > (now() at time zone 'America/New_York')::date, 'which lies after today''s local date');
select is(((public.widget_team_hours('wk_acme_main') ->> 'back_at')::timestamptz at time zone 'America/New_York')::time,
  '09:00'::time, 'at the local opening time');
select is(public.widget_team_hours('wk_acme_support') ->> 'back_at', public.widget_team_hours('wk_acme_main') ->> 'back_at',
  'every website of the organization gives the same answer');
select is(public.widget_team_hours('wk_acme_main') ->> 'offline_message', null, 'no offline message of its own: null');

update public.business_hours set offline_message = 'Back on Monday, leave us a note'
where organization_id = 'a0000000-0000-4000-8000-000000000001';
select is(public.widget_team_hours('wk_acme_main') ->> 'offline_message', 'Back on Monday, leave us a note',
  'the organization''s offline message while closed');

-- another organization's website answers its own hours, never Acme's
select is((public.widget_team_hours('wk_globex_main') ->> 'open')::boolean, true,
  'Globex''s website is open: Acme''s hours are not its own');
select is(public.widget_team_hours('wk_globex_main') ->> 'offline_message', null, 'nor its offline message');

-- members read the same answer for their active organization
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select is((public.team_hours_status() ->> 'open')::boolean, false, 'an Acme viewer sees the team is away');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select is(public.team_hours_status(), null, 'a Globex owner whose token claims Acme learns nothing');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is((public.team_hours_status() ->> 'open')::boolean, true, 'and sees Globex open');
select tests.clear_authentication();

-- a whole-day window today and no holiday: open now
delete from public.holidays
where organization_id = 'a0000000-0000-4000-8000-000000000001' and day = (now() at time zone 'America/New_York')::date;
insert into public.business_hours_days (organization_id, weekday, opens_at, closes_at)
values ('a0000000-0000-4000-8000-000000000001', extract(isodow from now() at time zone 'America/New_York'), '00:00', '24:00')
on conflict (organization_id, weekday) do update set opens_at = excluded.opens_at, closes_at = excluded.closes_at;
select is(public.widget_team_hours('wk_acme_main') - 'time_zone',
  '{"open": true, "back_at": null, "offline_message": null}'::jsonb,
  'open all day today: open, no back_at, no offline message');

-- no open day at all: away, and no opening to announce
delete from public.business_hours_days where organization_id = 'a0000000-0000-4000-8000-000000000001';
select is((public.widget_team_hours('wk_acme_main') ->> 'open')::boolean, false, 'no open day: away');
select is(public.widget_team_hours('wk_acme_main') ->> 'back_at', null, 'and no back_at');

select * from finish();
rollback;
