-- tickets: per-organization consecutive numbers and refs, then the isolation matrix.
begin;
select plan(42);

-- numbering (before the matrix, which also inserts a ticket)
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$ insert into public.tickets (id, organization_id, conversation_id, subject, number, ref) values
    ('a3000000-0000-4000-8000-0000000000e1', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'Password reset', 999, 'FAKE-1') $$,
  'an agent opens a ticket (client-supplied number and ref are ignored)');
select lives_ok($$ insert into public.tickets (id, organization_id, subject) values
    ('a3000000-0000-4000-8000-0000000000e2', 'a0000000-0000-4000-8000-000000000001', 'Phone call: invoice address') $$,
  'an agent opens a ticket without a conversation');
select results_eq($$ select number, ref from public.tickets where id in ('a3000000-0000-4000-8000-0000000000e1', 'a3000000-0000-4000-8000-0000000000e2') order by number $$,
  $$ values (3, 'ACM-003'::text), (4, 'ACM-004') $$, 'two new Acme tickets get consecutive numbers ACM-003 and ACM-004');
select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
insert into public.tickets (organization_id, subject) values ('b0000000-0000-4000-8000-000000000001', 'Globex ticket');
select results_eq($$ select ref from public.tickets order by number $$, array['GLX-001', 'GLX-002'], 'Globex numbers on its own: GLX-002');
select tests.clear_authentication();
update public.organizations set ticket_seq = 999 where slug = 'acme';
insert into public.tickets (organization_id, subject) values ('a0000000-0000-4000-8000-000000000001', 'The thousandth ticket');
select is((select ref from public.tickets where subject = 'The thousandth ticket'), 'ACM-1000', 'refs grow past three digits');

select * from tests.rls_matrix(
  'public.tickets',
  $$id = 'a3000000-0000-4000-8000-000000000001'$$,
  $$insert into public.tickets (id, organization_id, conversation_id, subject, customer_email)
    values ('a3000000-0000-4000-8000-0000000000f1', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000002', 'Follow-up on shipping', 'omar@example.com')$$,
  $$id = 'a3000000-0000-4000-8000-0000000000f1'$$,
  $$status = 'resolved', resolved_at = now(), resolved_by = 'user_acme_agent'$$
);

select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ update public.tickets set number = 1 where id = 'a3000000-0000-4000-8000-000000000002' $$,
  '42501', 'permission denied for table tickets', 'nobody renumbers a ticket (column grant)');
select throws_ok($$ update public.tickets set ref = 'ACM-777' where id = 'a3000000-0000-4000-8000-000000000002' $$,
  '42501', 'permission denied for table tickets', 'nobody rewrites a ticket ref (column grant)');
select throws_ok($$ update public.tickets set organization_id = 'b0000000-0000-4000-8000-000000000001' where id = 'a3000000-0000-4000-8000-000000000002' $$,
  '42501', 'permission denied for table tickets', 'a ticket cannot move to another organization');
select throws_ok($$ insert into public.tickets (organization_id, conversation_id, subject) values ('a0000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000002', 'x') $$,
  '23503', null, 'an Acme ticket cannot point at a Globex conversation');
select throws_ok($$ update public.tickets set assignee_id = 'user_globex_owner' where id = 'a3000000-0000-4000-8000-000000000002' $$,
  '23503', null, 'an Acme ticket cannot be assigned to a Globex-only user');
select throws_ok($$ insert into public.tickets (organization_id, conversation_id, subject) values ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'dup') $$,
  '23505', null, 'a conversation has at most one ticket');
select is(tests.row_count($$ update public.tickets set priority = 'urgent', assignee_id = 'user_acme_admin' where id = 'a3000000-0000-4000-8000-000000000002' $$),
  1::bigint, 'an admin triages a ticket (positive control)');

select * from finish();
rollback;
