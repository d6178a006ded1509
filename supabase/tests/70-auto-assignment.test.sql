-- Automatic assignment of new escalations (issue 11): off by default, round robin among available
-- agents (agent, admin, owner) of the ticket's organization, never past the cap of open tickets,
-- never to a viewer, an away member or another organization's member.
begin;
select plan(24);

-- Tyrell: owner (away), Rachael agent, Roy admin, Pris agent (away), Leon viewer.
-- Deckard is an available agent of Globex only, who has never been auto-assigned.
insert into public.organizations (id, slug, name, ticket_prefix) values
  ('c7000000-0000-4000-8000-000000000001', 't70-tyrell', 'Tyrell', 'TYR');
insert into public.users (id, email, name) values
  ('user_t70_owner', 'eldon@tyrell.example', 'Eldon Tyrell'),
  ('user_t70_rachael', 'rachael@tyrell.example', 'Rachael'),
  ('user_t70_roy', 'roy@tyrell.example', 'Roy Batty'),
  ('user_t70_pris', 'pris@tyrell.example', 'Pris'),
  ('user_t70_leon', 'leon@tyrell.example', 'Leon'),
  ('user_t70_deckard', 'deckard@globex.example', 'Deckard');
insert into public.organization_members (organization_id, user_id, role, available, created_at) values
  ('c7000000-0000-4000-8000-000000000001', 'user_t70_owner', 'owner', false, now() - interval '5 minutes'),
  ('c7000000-0000-4000-8000-000000000001', 'user_t70_rachael', 'agent', true, now() - interval '4 minutes'),
  ('c7000000-0000-4000-8000-000000000001', 'user_t70_roy', 'admin', true, now() - interval '3 minutes'),
  ('c7000000-0000-4000-8000-000000000001', 'user_t70_pris', 'agent', false, now() - interval '2 minutes'),
  ('c7000000-0000-4000-8000-000000000001', 'user_t70_leon', 'viewer', true, now() - interval '6 minutes'),
  ('b0000000-0000-4000-8000-000000000001', 'user_t70_deckard', 'agent', true, now() - interval '7 minutes');

-- an escalation as the widget makes it: a conversation, then its ticket (as postgres, like the
-- security definer widget_escalate)
create function pg_temp.escalate() returns text
language plpgsql as $$
declare
  c uuid;
  a text;
begin
  insert into public.conversations (organization_id) values ('c7000000-0000-4000-8000-000000000001') returning id into c;
  insert into public.tickets (organization_id, conversation_id, subject)
  values ('c7000000-0000-4000-8000-000000000001', c, 'Help') returning assignee_id into a;
  return coalesce(a, 'nobody');
end
$$;

select is(pg_temp.escalate(), 'nobody', 'off by default: a new escalation waits unassigned');

-- only admins turn it on, through the settings RPC
select tests.authenticate_as('user_t70_rachael', 'c7000000-0000-4000-8000-000000000001');
select is(public.update_organization_settings('c7000000-0000-4000-8000-000000000001', '{"auto_assign": true}'), 0,
  'an agent cannot turn automatic assignment on');
select tests.authenticate_as('user_t70_roy', 'c7000000-0000-4000-8000-000000000001');
select is(public.update_organization_settings('c7000000-0000-4000-8000-000000000001', '{"auto_assign": true, "auto_assign_cap": 2}'), 1,
  'an admin turns automatic assignment on with a cap of 2');
select throws_ok($$ select public.update_organization_settings('c7000000-0000-4000-8000-000000000001', '{"auto_assign_cap": 0}') $$,
  '23514', null, 'a cap below 1 is refused');
select throws_ok($$ select public.update_organization_settings('c7000000-0000-4000-8000-000000000001', '{"auto_assign": "yes"}') $$,
  '23514', null, 'auto_assign must be a boolean');
select tests.clear_authentication();

-- round robin: Rachael, Roy, Rachael, Roy; then both are at the cap
select is(pg_temp.escalate(), 'user_t70_rachael', 'the first escalation goes to the available agent who joined first');
select is(pg_temp.escalate(), 'user_t70_roy', 'the second to the next available agent (an admin is an agent too)');
select is(pg_temp.escalate(), 'user_t70_rachael', 'the third comes round to the first again');
select is(pg_temp.escalate(), 'user_t70_roy', 'the fourth to the second');
select is(pg_temp.escalate(), 'nobody', 'with every available agent at the cap, the escalation waits unassigned');
select is((select c.assignee_id from public.conversations c join public.tickets t on t.conversation_id = c.id
  where t.organization_id = 'c7000000-0000-4000-8000-000000000001' and t.assignee_id = 'user_t70_roy' order by t.number limit 1),
  'user_t70_roy', 'the conversation is assigned with its ticket');

-- a resolved ticket frees a slot
update public.tickets set status = 'resolved'
where id = (select id from public.tickets where organization_id = 'c7000000-0000-4000-8000-000000000001'
  and assignee_id = 'user_t70_roy' order by number limit 1);
select is(pg_temp.escalate(), 'user_t70_roy', 'resolving a ticket frees a slot under the cap');

-- Pris comes back: she marks herself available and is next (never auto-assigned yet)
select tests.authenticate_as('user_t70_pris', 'c7000000-0000-4000-8000-000000000001');
select is(public.set_my_availability(true), true, 'an agent marks themself available');
select tests.clear_authentication();
select is(pg_temp.escalate(), 'user_t70_pris', 'an agent back from away takes the next escalation');
select tests.authenticate_as('user_t70_pris', 'c7000000-0000-4000-8000-000000000001');
select is(public.set_my_availability(false), false, 'and marks themself away again');
select tests.clear_authentication();
select is(pg_temp.escalate(), 'nobody', 'an away agent with free slots is skipped');

select is((select count(*)::int from public.tickets where assignee_id in ('user_t70_leon', 'user_t70_owner', 'user_t70_deckard')),
  0, 'the viewer, the away owner and the other organization''s agent were never assigned');

-- a ticket someone assigns by hand keeps its assignee
insert into public.conversations (id, organization_id) values ('c7200000-0000-4000-8000-000000000001', 'c7000000-0000-4000-8000-000000000001');
insert into public.tickets (organization_id, conversation_id, subject, assignee_id)
values ('c7000000-0000-4000-8000-000000000001', 'c7200000-0000-4000-8000-000000000001', 'By hand', 'user_t70_owner');
select is((select assignee_id from public.tickets where conversation_id = 'c7200000-0000-4000-8000-000000000001'), 'user_t70_owner',
  'an assignee given at creation is kept');

-- availability is the member's own, in the active organization only
select tests.authenticate_as('user_t70_leon', 'c7000000-0000-4000-8000-000000000001');
select is(public.set_my_availability(false), false, 'a viewer may mark themself away');
select is((select count(*)::int from public.organization_members where organization_id = 'c7000000-0000-4000-8000-000000000001' and not available),
  3, 'only the caller''s own row changed (the owner, Pris and Leon are away)');
select throws_ok($$ update public.organization_members set available = true where user_id = 'user_t70_leon' $$,
  '42501', null, 'a member cannot write the column directly');
select tests.authenticate_as('user_t70_deckard', 'c7000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.set_my_availability(false) $$, '42501', 'no active organization',
  'an outsider naming the organization changes nothing');
select tests.authenticate_as_anon();
select throws_ok($$ select public.set_my_availability(true) $$, '42501', null, 'anon cannot call set_my_availability');
select tests.clear_authentication();
select is((select available from public.organization_members where user_id = 'user_t70_deckard'), true,
  'the outsider''s own membership elsewhere is untouched');

select * from finish();
rollback;
