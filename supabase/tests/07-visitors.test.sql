-- visitors: members read, agents write; a visitor links only to its own org's website.
begin;
select plan(33);

select * from tests.rls_matrix(
  'public.visitors',
  $$id = 'a4000000-0000-4000-8000-000000000001'$$,
  $$insert into public.visitors (id, organization_id, website_id, email, name)
    values ('a4000000-0000-4000-8000-0000000000f1', 'a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001', 'new@example.com', 'New Visitor')$$,
  $$id = 'a4000000-0000-4000-8000-0000000000f1'$$,
  $$name = 'Jane Q. Doe'$$
);

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.visitors (organization_id, website_id) values ('a0000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001') $$,
  '23503', null, 'an Acme visitor cannot point at a Globex website');
select throws_ok($$ update public.visitors set organization_id = 'b0000000-0000-4000-8000-000000000001' where id = 'a4000000-0000-4000-8000-000000000002' $$,
  '42501', 'organization_id of public.visitors cannot change', 'a visitor cannot move to another organization');
select lives_ok($$ insert into public.visitors (organization_id, website_id) values ('a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000002') $$,
  'an Acme visitor on an Acme website (positive control)');

select * from finish();
rollback;
