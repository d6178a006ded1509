-- The reopen window as an organization setting (issue 11): only the organization's admins set it,
-- through update_organization_settings; the value is a whole number of days from 0 to 365; and
-- the lifecycle reads what they set (a customer message within the window reopens, after it the
-- assistant starts over).
begin;
select plan(16);

insert into public.organizations (id, slug, name, ticket_prefix) values
  ('c8600000-0000-4000-8000-000000000001', 't86-wallace', 'Wallace', 'WAL');
insert into public.users (id, email, name) values
  ('user_t86_admin', 'niander@wallace.example', 'Niander Wallace'),
  ('user_t86_agent', 'luv@wallace.example', 'Luv'),
  ('user_t86_viewer', 'freysa@wallace.example', 'Freysa');
insert into public.organization_members (organization_id, user_id, role) values
  ('c8600000-0000-4000-8000-000000000001', 'user_t86_admin', 'admin'),
  ('c8600000-0000-4000-8000-000000000001', 'user_t86_agent', 'agent'),
  ('c8600000-0000-4000-8000-000000000001', 'user_t86_viewer', 'viewer');

create function pg_temp.window_days() returns jsonb language sql as $$
  select settings -> 'reopen_window_days' from public.organizations where id = 'c8600000-0000-4000-8000-000000000001' $$;

-- who may set it
select tests.authenticate_as('user_t86_agent', 'c8600000-0000-4000-8000-000000000001');
select is(public.update_organization_settings('c8600000-0000-4000-8000-000000000001', '{"reopen_window_days": 30}'), 0,
  'an agent cannot change the reopen window');
select tests.authenticate_as('user_t86_viewer', 'c8600000-0000-4000-8000-000000000001');
select is(public.update_organization_settings('c8600000-0000-4000-8000-000000000001', '{"reopen_window_days": 30}'), 0,
  'a viewer cannot change the reopen window');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is(public.update_organization_settings('c8600000-0000-4000-8000-000000000001', '{"reopen_window_days": 30}'), 0,
  'another organization''s owner cannot change it');
select tests.authenticate_as_anon();
select throws_ok($$ select public.update_organization_settings('c8600000-0000-4000-8000-000000000001', '{"reopen_window_days": 30}') $$,
  '42501', null, 'anon cannot call the settings function');
select tests.clear_authentication();
select is(pg_temp.window_days(), null, 'nobody of those changed it');

select tests.authenticate_as('user_t86_admin', 'c8600000-0000-4000-8000-000000000001');
select is(public.update_organization_settings('c8600000-0000-4000-8000-000000000001', '{"reopen_window_days": 14}'), 1,
  'an admin sets the reopen window');
select tests.clear_authentication();
select is(pg_temp.window_days(), '14'::jsonb, 'stored as a number of days');
select tests.authenticate_as('user_t86_admin', 'c8600000-0000-4000-8000-000000000001');

-- what it may be
select throws_ok($$ select public.update_organization_settings('c8600000-0000-4000-8000-000000000001', '{"reopen_window_days": -1}') $$,
  '23514', null, 'fewer than 0 days is refused');
select throws_ok($$ select public.update_organization_settings('c8600000-0000-4000-8000-000000000001', '{"reopen_window_days": 366}') $$,
  '23514', null, 'more than 365 days is refused');
select throws_ok($$ select public.update_organization_settings('c8600000-0000-4000-8000-000000000001', '{"reopen_window_days": 1.5}') $$,
  '23514', null, 'a fraction of a day is refused');
select throws_ok($$ select public.update_organization_settings('c8600000-0000-4000-8000-000000000001', '{"reopen_window_days": "14"}') $$,
  '23514', null, 'a string is refused');
select is(public.update_organization_settings('c8600000-0000-4000-8000-000000000001', '{"reopen_window_days": 0}'), 1,
  '0 (never reopen) is allowed');
select is(public.update_organization_settings('c8600000-0000-4000-8000-000000000001', '{"reopen_window_days": 365}'), 1,
  'a year is allowed');
select tests.clear_authentication();

-- the lifecycle follows it: a conversation the team answered, resolved now, and the customer
-- writing again ten days later
create function pg_temp.resolved_then_customer_writes_after(p_days integer) returns text
language plpgsql as $$
declare
  c uuid;
begin
  insert into public.conversations (organization_id) values ('c8600000-0000-4000-8000-000000000001') returning id into c;
  insert into public.messages (organization_id, conversation_id, sender_type, body)
  values ('c8600000-0000-4000-8000-000000000001', c, 'agent', 'Here is how.');
  update public.conversations set is_resolved = true where id = c;
  insert into public.messages (organization_id, conversation_id, sender_type, body, created_at)
  values ('c8600000-0000-4000-8000-000000000001', c, 'visitor', 'It broke again', now() + make_interval(days => p_days));
  return (select state::text from public.conversations where id = c);
end
$$;

select tests.authenticate_as('user_t86_admin', 'c8600000-0000-4000-8000-000000000001');
select public.update_organization_settings('c8600000-0000-4000-8000-000000000001', '{"reopen_window_days": 14}');
select tests.clear_authentication();
select is(pg_temp.resolved_then_customer_writes_after(10), 'needs_reply',
  'with a 14-day window, a message ten days after the resolution reopens the conversation for the team');

select tests.authenticate_as('user_t86_admin', 'c8600000-0000-4000-8000-000000000001');
select public.update_organization_settings('c8600000-0000-4000-8000-000000000001', '{"reopen_window_days": 3}');
select tests.clear_authentication();
select is(pg_temp.resolved_then_customer_writes_after(10), 'bot',
  'with a 3-day window, the same message starts over with the assistant');
select is(pg_temp.resolved_then_customer_writes_after(2), 'needs_reply', 'and one two days later still reopens');

select * from finish();
rollback;
