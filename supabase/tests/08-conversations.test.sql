-- conversations: members read, agents work them; links stay inside the organization.
begin;
select plan(37);

select * from tests.rls_matrix(
  'public.conversations',
  $$id = 'a2000000-0000-4000-8000-000000000001'$$,
  $$insert into public.conversations (id, organization_id, website_id, visitor_id)
    values ('a2000000-0000-4000-8000-0000000000f1', 'a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001', 'a4000000-0000-4000-8000-000000000001')$$,
  $$id = 'a2000000-0000-4000-8000-0000000000f1'$$,
  $$status = 'closed', is_resolved = true, resolved_at = now(), resolved_by = 'user_acme_agent'$$
);

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.conversations (organization_id, visitor_id) values ('a0000000-0000-4000-8000-000000000001', 'b4000000-0000-4000-8000-000000000001') $$,
  '23503', null, 'an Acme conversation cannot point at a Globex visitor');
select throws_ok($$ insert into public.conversations (organization_id, website_id) values ('a0000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001') $$,
  '23503', null, 'an Acme conversation cannot point at a Globex website');
select throws_ok($$ update public.conversations set assignee_id = 'user_globex_agent' where id = 'a2000000-0000-4000-8000-000000000003' $$,
  '23503', null, 'an Acme conversation cannot be assigned to a Globex-only user');
select is(tests.row_count($$ update public.conversations set assignee_id = 'user_consultant' where id = 'a2000000-0000-4000-8000-000000000003' $$),
  1::bigint, 'an Acme conversation is assigned to an Acme member (positive control)');
select throws_ok($$ update public.conversations set organization_id = 'b0000000-0000-4000-8000-000000000001' where id = 'a2000000-0000-4000-8000-000000000004' $$,
  '42501', 'organization_id of public.conversations cannot change', 'a conversation cannot move to another organization');
select throws_ok($$ insert into public.conversations (organization_id, channel, external_customer_id) values
    ('a0000000-0000-4000-8000-000000000001', 'facebook', 'psid_1'), ('a0000000-0000-4000-8000-000000000001', 'facebook', 'psid_1') $$,
  '23505', null, 'one conversation per organization, channel and external customer');

-- removing a member unassigns their conversations
select tests.clear_authentication();
delete from public.organization_members where organization_id = 'a0000000-0000-4000-8000-000000000001' and user_id = 'user_consultant';
select is((select assignee_id from public.conversations where id = 'a2000000-0000-4000-8000-000000000003'), null,
  'a member who leaves is unassigned (on delete set null)');

select * from finish();
rollback;
