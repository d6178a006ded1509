-- SLA policies (issue 17): who reads and writes the targets, and the ticket clocks computed from
-- them in business time (Acme's hours enabled inside this transaction only).
begin;
select plan(61);

-- sla_policies: admins set the targets (Acme's seed: urgent, high, normal; low has none)
select * from tests.rls_matrix(
  'public.sla_policies',
  $$organization_id = 'a0000000-0000-4000-8000-000000000001' and priority = 'urgent'$$,
  $$insert into public.sla_policies (organization_id, priority, first_response_minutes, resolution_minutes)
    values ('a0000000-0000-4000-8000-000000000001', 'low', 1440, null)$$,
  $$organization_id = 'a0000000-0000-4000-8000-000000000001' and priority = 'low'$$,
  $$first_response_minutes = 30$$,
  'admin', 'admin', 'admin');

select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$update public.sla_policies set first_response_minutes = 0 where priority = 'urgent'$$,
  '23514', null, 'sla_policies: a target is at least one minute');
select throws_ok($$update public.sla_policies set resolution_minutes = 525601 where priority = 'urgent'$$,
  '23514', null, 'sla_policies: and at most a year');
select throws_ok($$update public.sla_policies set organization_id = 'b0000000-0000-4000-8000-000000000001'$$,
  '42501', null, 'sla_policies: nobody moves a policy to another organization');
select tests.clear_authentication();

-- put back what the matrix's positive control changed
update public.sla_policies set first_response_minutes = 60
where organization_id = 'a0000000-0000-4000-8000-000000000001' and priority = 'urgent';

-- Acme works Monday to Friday 09:00-17:00 in New York (UTC-5 from November), Christmas Day off;
-- urgent: first response 60 min, resolution 480 min.
update public.business_hours set enabled = true where organization_id = 'a0000000-0000-4000-8000-000000000001';

insert into public.conversations (id, organization_id, created_at) values
  ('a2000000-0000-4000-8000-0000000052a1', 'a0000000-0000-4000-8000-000000000001', '2026-11-02 13:50Z'),
  ('a2000000-0000-4000-8000-0000000052a2', 'a0000000-0000-4000-8000-000000000001', '2026-11-02 13:50Z');
insert into public.tickets (id, organization_id, conversation_id, subject, priority, created_at) values
  -- Monday 09:00 New York, answered at 09:30, never resolved
  ('a3000000-0000-4000-8000-0000000052a1', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000052a1', 'Met', 'urgent', '2026-11-02 14:00Z'),
  -- Monday 09:00, an internal note at 09:10, answered at 10:30
  ('a3000000-0000-4000-8000-0000000052a2', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000052a2', 'Late', 'urgent', '2026-11-02 14:00Z'),
  -- Friday 16:30: the weekend does not count
  ('a3000000-0000-4000-8000-0000000052a3', 'a0000000-0000-4000-8000-000000000001', null, 'Weekend', 'urgent', '2026-12-11 21:30Z'),
  -- Thursday 16:30 before Christmas Day, a Friday holiday
  ('a3000000-0000-4000-8000-0000000052a4', 'a0000000-0000-4000-8000-000000000001', null, 'Christmas', 'urgent', '2026-12-24 21:30Z'),
  -- low has no targets
  ('a3000000-0000-4000-8000-0000000052a5', 'a0000000-0000-4000-8000-000000000001', null, 'No target', 'low', '2026-11-02 14:00Z');
insert into public.messages (organization_id, conversation_id, sender_type, body, is_internal, created_at) values
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000052a1', 'visitor', 'Help', false, '2026-11-02 13:55Z'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000052a1', 'agent', 'On it', false, '2026-11-02 14:30Z'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000052a2', 'visitor', 'Help', false, '2026-11-02 13:55Z'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000052a2', 'agent', 'note', true, '2026-11-02 14:10Z'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000052a2', 'agent', 'Sorry', false, '2026-11-02 15:30Z');

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is((select first_response_due_at from public.ticket_slas where subject = 'Met'), '2026-11-02 15:00Z'::timestamptz, 'first response is due an hour after creation');
select is((select first_response_at from public.ticket_slas where subject = 'Met'), '2026-11-02 14:30Z'::timestamptz, 'the first agent reply meets it');
select is((select first_response_breached from public.ticket_slas where subject = 'Met'), false, 'a reply within the hour is not a breach');
select is((select resolution_due_at from public.ticket_slas where subject = 'Met'), '2026-11-02 22:00Z'::timestamptz, 'resolution is due eight working hours later (17:00)');
select is((select resolution_breached from public.ticket_slas where subject = 'Met'), true, 'an unresolved ticket past its deadline is breached');
select is((select breached from public.ticket_slas where subject = 'Met'), true, 'so the ticket is breached');
select is((select next_due_at from public.ticket_slas where subject = 'Met'), '2026-11-02 22:00Z'::timestamptz, 'the running clock is the resolution''s');
select ok((select seconds_left from public.ticket_slas where subject = 'Met') < 0, 'with no time left');
select is((select first_response_at from public.ticket_slas where subject = 'Late'), '2026-11-02 15:30Z'::timestamptz, 'an internal note is not a first response');
select is((select first_response_breached from public.ticket_slas where subject = 'Late'), true, 'a reply after the hour is a breach');
select is((select first_response_due_at from public.ticket_slas where subject = 'Weekend'), '2026-12-14 14:30Z'::timestamptz,
  'Friday 16:30 plus an hour is Monday 09:30 (business time)');
select is((select resolution_due_at from public.ticket_slas where subject = 'Weekend'), '2026-12-14 21:30Z'::timestamptz, 'and eight hours is Monday 16:30');
select is((select breached from public.ticket_slas where subject = 'Weekend'), false, 'a future deadline is not breached');
select ok((select seconds_left from public.ticket_slas where subject = 'Weekend') > 3600, 'its time left is counted in business time up to the deadline');
select is((select first_response_due_at from public.ticket_slas where subject = 'Christmas'), '2026-12-28 14:30Z'::timestamptz,
  'the holiday and the weekend are skipped: Monday 28 December 09:30');
select is((select first_response_due_at from public.ticket_slas where subject = 'No target'), null, 'no policy, no deadline');
select is((select breached from public.ticket_slas where subject = 'No target'), false, 'and never breached');

-- a priority change moves the clock at once (nothing stored)
select tests.clear_authentication();
update public.tickets set priority = 'normal' where id = 'a3000000-0000-4000-8000-0000000052a3';
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is((select first_response_due_at from public.ticket_slas where subject = 'Weekend'), '2026-12-14 21:30Z'::timestamptz,
  'as normal (eight working hours), the first response is due Monday 16:30');

-- resolving meets the resolution target when in time
select tests.clear_authentication();
update public.sla_policies set resolution_minutes = 525600
where organization_id = 'a0000000-0000-4000-8000-000000000001' and priority = 'urgent';
update public.tickets set status = 'resolved' where id = 'a3000000-0000-4000-8000-0000000052a1';
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is((select resolution_breached from public.ticket_slas where subject = 'Met'), false, 'a ticket resolved before its deadline met it');
select is((select next_due_at from public.ticket_slas where subject = 'Met'), null, 'and has no clock running');

-- analytics: Monday 2 November's tickets (Met, Late, No target)
select results_eq(
  $$select priority::text, tickets, first_response_targets, first_response_breached, first_response_met_pct
    from public.analytics_sla('2026-11-02', '2026-11-03') order by priority nulls first$$,
  $$values (null::text, 3::bigint, 2::bigint, 1::bigint, 50.0::numeric), ('low', 1, 0, 0, null), ('urgent', 2, 2, 1, 50.0)$$,
  'analytics_sla counts first responses met and breached, overall and per priority');

-- other organizations, visitors and anon see nothing
select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$select 1 from public.ticket_slas where organization_id = 'a0000000-0000-4000-8000-000000000001'$$,
  'ticket_slas: a Globex agent sees none of Acme''s clocks');
select is(private.sla_due_at('a0000000-0000-4000-8000-000000000001', now(), 60), null,
  'nor computes a deadline in Acme''s business time');
select is_empty($$select 1 from public.analytics_sla('2026-11-02', '2026-11-03') where tickets > 0$$,
  'nor counts Acme''s breaches');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$select 1 from public.ticket_slas$$, 'ticket_slas: a Globex owner whose token claims Acme sees nothing');
select tests.authenticate_as('user_nobody', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$select 1 from public.ticket_slas$$, 'ticket_slas: a non-member sees nothing');
select tests.authenticate_as_anon();
select throws_ok($$select 1 from public.ticket_slas$$, '42501', null, 'ticket_slas: anon has no select privilege');
select throws_ok($$select * from public.analytics_sla('2026-11-02', '2026-11-03')$$, '42501', null,
  'analytics_sla: anon cannot call it');
select tests.clear_authentication();

select * from finish();
rollback;
