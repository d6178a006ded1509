-- ticket_label_counts (issue 17): the tickets list's label counts, computed in Postgres through
-- the member's token. Counts every ticket carrying the label, moves when a label goes on a
-- ticket, and counts nothing of another organization for its members, a token claiming an
-- organization without membership, or anon.
begin;
select plan(7);

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select results_eq($$select name, tickets from public.ticket_label_counts()$$,
  $$values ('billing'::text, 1::bigint), ('bug', 0::bigint), ('vip', 0::bigint)$$,
  'every label of the organization with the tickets carrying it, by name');
insert into public.ticket_labels (organization_id, ticket_id, label_id) values
  ('a0000000-0000-4000-8000-000000000001', 'a3000000-0000-4000-8000-000000000002', 'aa000000-0000-4000-8000-000000000001'),
  ('a0000000-0000-4000-8000-000000000001', 'a3000000-0000-4000-8000-000000000002', 'aa000000-0000-4000-8000-000000000002');
select results_eq($$select name, tickets from public.ticket_label_counts()$$,
  $$values ('billing'::text, 2::bigint), ('bug', 1::bigint), ('vip', 0::bigint)$$,
  'a label put on a ticket counts it at once');
select is((select color from public.ticket_label_counts() where name = 'bug'), '#f08c00', 'each count carries its label''s colour');

select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select results_eq($$select name, tickets from public.ticket_label_counts()$$, $$values ('reactor'::text, 0::bigint)$$,
  'another organization''s member sees only their own labels, with no Acme ticket counted');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$select 1 from public.ticket_label_counts()$$, 'a token claiming Acme without membership counts nothing');
select tests.authenticate_as_anon();
select throws_ok($$select * from public.ticket_label_counts()$$, '42501', null, 'anon (and so a widget visitor) cannot count ticket labels');
select tests.clear_authentication();
select is((select count(*) from public.ticket_labels where ticket_id = 'a3000000-0000-4000-8000-000000000002'), 2::bigint,
  'the rows this file added are still in its transaction (rolled back at the end)');

select * from finish();
rollback;
