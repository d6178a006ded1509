-- ticket_status_counts(): one grouped count under the tickets policy, never another tenant's.
begin;
select plan(6);

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select set_eq($$ select status::text, tickets from public.ticket_status_counts() $$,
  $$ select status::text, count(*) from public.tickets group by status $$,
  'an Acme agent gets the same figures as counting the tickets they can read');
select is((select sum(tickets)::bigint from public.ticket_status_counts()),
  (select count(*) from public.tickets where organization_id = 'a0000000-0000-4000-8000-000000000001'),
  'and those are exactly Acme''s tickets');

select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
select is((select sum(tickets)::bigint from public.ticket_status_counts()),
  (select count(*) from public.tickets where organization_id = 'b0000000-0000-4000-8000-000000000001'),
  'a Globex agent counts Globex''s tickets only');

select tests.authenticate_as('user_acme_agent', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select * from public.ticket_status_counts() $$, 'an Acme agent claiming Globex as the active organization counts nothing');

select tests.authenticate_as('user_nobody');
select is_empty($$ select * from public.ticket_status_counts() $$, 'a signed-in user without an active organization counts nothing');

select tests.authenticate_as_anon();
select throws_ok($$ select * from public.ticket_status_counts() $$, '42501', null, 'anon (and so a visitor) may not call it');

select * from finish();
rollback;
