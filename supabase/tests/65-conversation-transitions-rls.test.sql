-- conversation_transitions: members of the organization read its transition log; nobody writes it
-- directly (only the definer triggers and functions of the state machine do); another
-- organization's members, a widget visitor and anon can neither read nor write it.
begin;
select plan(24);

-- one Acme and one Globex transition, written the only way there is: by moving a state
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$ select public.take_over_conversation('a2000000-0000-4000-8000-000000000004') $$,
  'an Acme agent takes over: the state machine writes the transition (positive control)');
select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
select lives_ok($$ select public.take_over_conversation('b2000000-0000-4000-8000-000000000003') $$, 'a Globex agent does the same in Globex');
select tests.clear_authentication();
create temp table acme_row as
  select id from public.conversation_transitions where conversation_id = 'a2000000-0000-4000-8000-000000000004';
grant select on acme_row to anon, authenticated;
select is((select count(*) from acme_row), 1::bigint, 'one Acme transition');

select ok(not has_table_privilege('anon', 'public.conversation_transitions', 'select'), 'anon has no privilege on the table');
select ok(not has_table_privilege('authenticated', 'public.conversation_transitions', 'insert')
  and not has_table_privilege('authenticated', 'public.conversation_transitions', 'update')
  and not has_table_privilege('authenticated', 'public.conversation_transitions', 'delete')
  and not has_table_privilege('authenticated', 'public.conversation_transitions', 'truncate'),
  'members have no write privilege on the table');

-- members read their organization's log, and only it
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select is((select actor_name from public.conversation_transitions where id = (select id from acme_row)), 'Alan',
  'an Acme viewer reads Acme transitions');
select is((select count(*) from public.conversation_transitions where organization_id <> 'a0000000-0000-4000-8000-000000000001'), 0::bigint,
  'and none of another organization');
select tests.authenticate_as('user_consultant', 'a0000000-0000-4000-8000-000000000001');
select isnt_empty($$ select 1 from public.conversation_transitions where id = (select id from acme_row) $$,
  'the consultant with Acme active reads it');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.conversation_transitions where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'the consultant with Globex active does not');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.conversation_transitions where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'a Globex owner sees no Acme transition');
select isnt_empty($$ select 1 from public.conversation_transitions where organization_id = 'b0000000-0000-4000-8000-000000000001' $$,
  'but sees Globex''s (positive control)');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.conversation_transitions $$, 'a Globex owner whose token claims Acme sees nothing');
select tests.authenticate_as('user_nobody', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.conversation_transitions $$, 'a non-member whose token claims Acme sees nothing');

-- writes: refused for every member, owners included, and for outsiders
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.conversation_transitions (organization_id, conversation_id, from_state, to_state, actor_type)
    values ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'with_agent', 'resolved', 'agent') $$,
  '42501', null, 'an Acme owner cannot forge a transition');
select throws_ok($$ update public.conversation_transitions set actor_name = 'Mallory' where id = (select id from acme_row) $$,
  '42501', null, 'nor rewrite one');
select throws_ok($$ delete from public.conversation_transitions where id = (select id from acme_row) $$,
  '42501', null, 'nor delete one');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.conversation_transitions (organization_id, conversation_id, from_state, to_state, actor_type)
    values ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'with_agent', 'resolved', 'agent') $$,
  '42501', null, 'a Globex owner cannot write into Acme''s log');
select throws_ok($$ delete from public.conversation_transitions $$, '42501', null, 'nor delete from it');

-- a widget visitor (anon with a session) and plain anon
select tests.authenticate_as_anon();
select lives_ok($$ select public.widget_start_session('wk_acme_main', 'https://acme.com') $$, 'a visitor starts a session');
select throws_ok($$ select 1 from public.conversation_transitions $$, '42501', null, 'a visitor cannot read the table');
select throws_ok($$ insert into public.conversation_transitions (organization_id, conversation_id, from_state, to_state, actor_type)
    values ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'with_agent', 'bot', 'visitor') $$,
  '42501', null, 'nor write it');
select throws_ok($$ update public.conversation_transitions set actor_name = 'x' $$, '42501', null, 'nor update it');
select throws_ok($$ delete from public.conversation_transitions $$, '42501', null, 'nor delete from it');

select tests.clear_authentication();
select is((select concat_ws(' ', from_state, to_state, actor_type, actor_name, via) from public.conversation_transitions
           where id = (select id from acme_row)), 'bot with_agent agent Alan take_over', 'the Acme transition is unchanged');

select * from finish();
rollback;
