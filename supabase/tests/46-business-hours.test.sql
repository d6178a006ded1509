-- Business hours (issue 17): who reads and writes the settings, the weekly schedule and the
-- holidays, and the working-time arithmetic SLA clocks and the widget's offline mode rely on.
begin;
select plan(96);

-- business_hours_days: admins set the schedule (Acme's seed: Monday to Friday)
select * from tests.rls_matrix(
  'public.business_hours_days',
  $$organization_id = 'a0000000-0000-4000-8000-000000000001' and weekday = 1$$,
  $$insert into public.business_hours_days (organization_id, weekday, opens_at, closes_at)
    values ('a0000000-0000-4000-8000-000000000001', 6, '10:00', '14:00')$$,
  $$organization_id = 'a0000000-0000-4000-8000-000000000001' and weekday = 6$$,
  $$closes_at = '18:00'$$,
  'admin', 'admin', 'admin');

-- holidays: admins add them
select * from tests.rls_matrix(
  'public.holidays',
  $$id = 'ab000000-0000-4000-8000-000000000001'$$,
  $$insert into public.holidays (organization_id, day, name)
    values ('a0000000-0000-4000-8000-000000000001', '2027-01-01', 'New Year''s Day')$$,
  $$day = '2027-01-01'$$,
  $$name = 'Christmas'$$,
  'admin', 'admin', 'admin');

-- business_hours: one row per organization, so its matrix is written out
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$select 1 from public.business_hours where organization_id = 'a0000000-0000-4000-8000-000000000001'$$,
  'business_hours: a Globex owner whose token claims Acme reads nothing');
select is(tests.row_count($$update public.business_hours set enabled = true where organization_id = 'a0000000-0000-4000-8000-000000000001'$$),
  0::bigint, 'business_hours: nor updates Acme''s');
select is(tests.row_count($$delete from public.business_hours where organization_id = 'a0000000-0000-4000-8000-000000000001'$$),
  0::bigint, 'business_hours: nor deletes it');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$insert into public.business_hours (organization_id) values ('a0000000-0000-4000-8000-000000000001')$$,
  '42501', null, 'business_hours: a Globex owner cannot create Acme''s');
select tests.authenticate_as('user_nobody', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$select 1 from public.business_hours$$, 'business_hours: a non-member reads nothing');
select tests.authenticate_as_anon();
select throws_ok($$select 1 from public.business_hours$$, '42501', null, 'business_hours: anon has no select privilege');
select throws_ok($$update public.business_hours set enabled = true$$, '42501', null, 'business_hours: anon has no update privilege');
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select isnt_empty($$select 1 from public.business_hours where organization_id = 'a0000000-0000-4000-8000-000000000001'$$,
  'business_hours: an Acme viewer reads the hours');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$update public.business_hours set enabled = true$$), 0::bigint, 'business_hours: an Acme agent changes nothing');
select is(tests.row_count($$delete from public.business_hours$$), 0::bigint, 'business_hours: nor deletes them');
select throws_ok($$update public.business_hours set organization_id = 'b0000000-0000-4000-8000-000000000001'$$,
  '42501', null, 'business_hours: nobody moves the row to another organization');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$update public.business_hours set time_zone = 'Mars/Olympus_Mons'$$,
  '23514', null, 'business_hours: a time zone Postgres does not know is refused');
select throws_ok($$insert into public.business_hours_days (organization_id, weekday, opens_at, closes_at)
  values ('a0000000-0000-4000-8000-000000000001', 7, '17:00', '09:00')$$,
  '23514', null, 'business_hours_days: a day closes after it opens');
select throws_ok($$insert into public.business_hours_days (organization_id, weekday, opens_at, closes_at)
  values ('a0000000-0000-4000-8000-000000000001', 8, '09:00', '17:00')$$,
  '23514', null, 'business_hours_days: weekdays are 1 (Monday) to 7');
select is(tests.row_count($$update public.business_hours set enabled = true, time_zone = 'America/New_York'$$),
  1::bigint, 'business_hours: an Acme admin turns the hours on');
select throws_ok($$select private.business_seconds_between('a0000000-0000-4000-8000-000000000001', now(), now())$$,
  '42501', null, 'the working-time functions are not callable by members');
select tests.clear_authentication();

-- the matrix's positive control moved Monday's closing: put it back
update public.business_hours_days set closes_at = '17:00'
where organization_id = 'a0000000-0000-4000-8000-000000000001' and weekday = 1;

-- Working time, Acme enabled: Monday to Friday 09:00-17:00 in New York (UTC-5 in December),
-- Christmas Day off.
select is(private.business_seconds_between('a0000000-0000-4000-8000-000000000001', '2026-12-07 14:00Z', '2026-12-07 22:00Z'),
  28800::double precision, 'a whole Monday is eight working hours');
select is(private.business_seconds_between('a0000000-0000-4000-8000-000000000001', '2026-12-07 05:00Z', '2026-12-08 05:00Z'),
  28800::double precision, 'and so is the calendar day around it');
select is(private.business_seconds_between('a0000000-0000-4000-8000-000000000001', '2026-12-11 21:00Z', '2026-12-14 15:00Z'),
  7200::double precision, 'Friday 16:00 to Monday 10:00 is two working hours (the weekend is closed)');
select is(private.business_seconds_between('a0000000-0000-4000-8000-000000000001', '2026-12-24 21:00Z', '2026-12-28 15:00Z'),
  7200::double precision, 'Thursday 16:00 to Monday 10:00 over Christmas Day is two working hours');
select is(private.business_seconds_between('a0000000-0000-4000-8000-000000000001', '2026-12-12 15:00Z', '2026-12-13 20:00Z'),
  0::double precision, 'a weekend holds no working time');
select is(private.business_seconds_between('a0000000-0000-4000-8000-000000000001', '2026-12-08 15:00Z', '2026-12-07 15:00Z'),
  0::double precision, 'an interval that ends before it starts holds none either');
select is(private.business_time_add('a0000000-0000-4000-8000-000000000001', '2026-12-11 21:00Z', 7200),
  '2026-12-14 15:00Z'::timestamptz, 'two working hours from Friday 16:00 end on Monday at 10:00');
select is(private.business_time_add('a0000000-0000-4000-8000-000000000001', '2026-12-12 17:00Z', 1800),
  '2026-12-14 14:30Z'::timestamptz, 'half an hour from Saturday noon ends on Monday at 09:30');
select is(private.business_time_add('a0000000-0000-4000-8000-000000000001', '2026-12-07 14:00Z', 28800),
  '2026-12-07 22:00Z'::timestamptz, 'a day''s worth from Monday''s opening ends at its closing');
select is(private.business_time_add('a0000000-0000-4000-8000-000000000001', '2026-12-24 21:00Z', 7200),
  '2026-12-28 15:00Z'::timestamptz, 'a deadline skips Christmas Day');
select is(private.business_open_at('a0000000-0000-4000-8000-000000000001', '2026-12-07 15:00Z'),
  '2026-12-07 15:00Z'::timestamptz, 'on Monday at 10:00 the team is at work');
select is(private.business_open_at('a0000000-0000-4000-8000-000000000001', '2026-12-12 17:00Z'),
  '2026-12-14 14:00Z'::timestamptz, 'on Saturday it is back on Monday at 09:00');
select is(private.business_open_at('a0000000-0000-4000-8000-000000000001', '2026-12-07 22:00Z'),
  '2026-12-08 14:00Z'::timestamptz, 'at closing time it is back the next morning');

-- A Sunday open all day across the end of daylight saving (1 November 2026) is 25 hours long.
insert into public.business_hours_days (organization_id, weekday, opens_at, closes_at)
values ('a0000000-0000-4000-8000-000000000001', 7, '00:00', '24:00');
select is(private.business_seconds_between('a0000000-0000-4000-8000-000000000001', '2026-11-01 04:00Z', '2026-11-02 05:00Z'),
  90000::double precision, 'the day the clocks go back holds 25 working hours');
delete from public.business_hours_days where organization_id = 'a0000000-0000-4000-8000-000000000001' and weekday = 7;

-- Hours not enabled (every organization by default): wall time.
update public.business_hours set enabled = false where organization_id = 'a0000000-0000-4000-8000-000000000001';
select is(private.business_seconds_between('a0000000-0000-4000-8000-000000000001', '2026-12-11 21:00Z', '2026-12-14 15:00Z'),
  237600::double precision, 'hours turned off count wall-clock time');
select is(private.business_time_add('a0000000-0000-4000-8000-000000000001', '2026-12-12 17:00Z', 1800),
  '2026-12-12 17:30Z'::timestamptz, 'and deadlines run on it');
select is(private.business_open_at('a0000000-0000-4000-8000-000000000001', '2026-12-12 17:00Z'),
  '2026-12-12 17:00Z'::timestamptz, 'and the team counts as always open');
select is(private.business_open_at('b0000000-0000-4000-8000-000000000001', '2026-12-12 17:00Z'),
  '2026-12-12 17:00Z'::timestamptz, 'an organization without business hours is always open');

-- Enabled with no open day: no deadline and no opening can be named.
update public.business_hours set enabled = true where organization_id = 'a0000000-0000-4000-8000-000000000001';
delete from public.business_hours_days where organization_id = 'a0000000-0000-4000-8000-000000000001';
select is(private.business_time_add('a0000000-0000-4000-8000-000000000001', '2026-12-07 14:00Z', 60),
  null::timestamptz, 'a schedule without open days gives no deadline');
select is(private.business_open_at('a0000000-0000-4000-8000-000000000001', '2026-12-07 14:00Z'),
  null::timestamptz, 'nor an opening');

select * from finish();
rollback;
