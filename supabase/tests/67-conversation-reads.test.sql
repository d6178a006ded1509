-- conversation_reads: each member's read markers are theirs alone; unread_count() and
-- mark_conversation_read() work through them under RLS.
begin;
select plan(47);

-- seed markers: Acme's admin opened the charged-twice conversation, Globex's agent opened the badge one
select tests.clear_authentication();
insert into public.conversation_reads (organization_id, conversation_id, user_id, last_read_at) values
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'user_acme_admin', now() - interval '1 hour'),
  ('b0000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000001', 'user_globex_agent', now() - interval '1 hour');
-- and notifications about the conversations (the seed's replaced): the agent's on two of them, the admin's on one
delete from public.notifications where conversation_id in ('a2000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000003');
insert into public.notifications (organization_id, user_id, kind, conversation_id) values
  ('a0000000-0000-4000-8000-000000000001', 'user_acme_agent', 'escalation', 'a2000000-0000-4000-8000-000000000001'),
  ('a0000000-0000-4000-8000-000000000001', 'user_acme_agent', 'escalation', 'a2000000-0000-4000-8000-000000000003'),
  ('a0000000-0000-4000-8000-000000000001', 'user_acme_admin', 'escalation', 'a2000000-0000-4000-8000-000000000001');

-- outsiders: nobody outside Acme reads or writes an Acme marker
create function pg_temp.outsider(who text, org uuid, label text) returns setof text
language plpgsql as $$
begin
  if who is null then
    perform tests.authenticate_as_anon();
  else
    perform tests.authenticate_as(who, org);
  end if;
  if who is null then
    return next throws_ok($q$ select 1 from public.conversation_reads $q$, '42501', null, label || ' has no select privilege');
  else
    return next is_empty($q$ select 1 from public.conversation_reads where organization_id = 'a0000000-0000-4000-8000-000000000001' $q$,
      label || ' sees no Acme marker');
  end if;
  return next throws_ok($q$ insert into public.conversation_reads (organization_id, conversation_id, user_id)
    values ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000003', 'user_acme_admin') $q$,
    '42501', null, label || ' cannot insert an Acme marker');
  if who is null then
    return next throws_ok($q$ update public.conversation_reads set last_read_at = now() $q$, '42501', null, label || ' has no update privilege');
    return next throws_ok($q$ delete from public.conversation_reads $q$, '42501', null, label || ' has no delete privilege');
  else
    return next is(tests.row_count($q$ update public.conversation_reads set last_read_at = now() + interval '1 day'
      where organization_id = 'a0000000-0000-4000-8000-000000000001' $q$), 0::bigint, label || ' moves no Acme marker');
    return next is(tests.row_count($q$ delete from public.conversation_reads where organization_id = 'a0000000-0000-4000-8000-000000000001' $q$),
      0::bigint, label || ' deletes no Acme marker');
  end if;
end
$$;
grant execute on function pg_temp.outsider(text, uuid, text) to anon, authenticated;

select * from pg_temp.outsider('user_globex_owner', 'b0000000-0000-4000-8000-000000000001', 'a Globex owner');
select * from pg_temp.outsider('user_globex_owner', 'a0000000-0000-4000-8000-000000000001', 'a Globex owner whose token claims Acme');
select * from pg_temp.outsider('user_consultant', 'b0000000-0000-4000-8000-000000000001', 'the consultant with Globex active');
select * from pg_temp.outsider('user_nobody', 'a0000000-0000-4000-8000-000000000001', 'a non-member whose token claims Acme');
select * from pg_temp.outsider(null, null, 'anon (and so a visitor)');

-- a member and another member's markers
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.conversation_reads $$, 'an Acme agent cannot read the Acme admin''s marker');
select is(tests.row_count($$ update public.conversation_reads set last_read_at = now() + interval '1 day' where user_id = 'user_acme_admin' $$),
  0::bigint, 'nor move it');
select is(tests.row_count($$ delete from public.conversation_reads where user_id = 'user_acme_admin' $$), 0::bigint, 'nor delete it');
select throws_ok($$ insert into public.conversation_reads (organization_id, conversation_id, user_id)
  values ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000003', 'user_acme_admin') $$,
  '42501', 'new row violates row-level security policy for table "conversation_reads"', 'nor write a marker in their name');
select throws_ok($$ insert into public.conversation_reads (organization_id, conversation_id)
  values ('a0000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000001') $$,
  '23503', null, 'an Acme marker cannot point at a Globex conversation');
select throws_ok($$ insert into public.conversation_reads (organization_id, conversation_id)
  values ('b0000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000001') $$,
  '42501', 'new row violates row-level security policy for table "conversation_reads"', 'nor be written in another organization');

-- unread and marking read
select is((select public.unread_count(c) from public.conversations c where id = 'a2000000-0000-4000-8000-000000000001'), 2,
  'before opening it, both of the visitor''s messages are unread for the Acme agent');
select is((select public.unread_count(c) from public.conversations c where id = 'a2000000-0000-4000-8000-000000000003'), 1,
  'one visitor message in the export conversation is unread');
select isnt(public.mark_conversation_read('a2000000-0000-4000-8000-000000000001'), null, 'an Acme agent marks a conversation read');
select is((select count(*) from public.conversation_reads), 1::bigint, 'and reads back exactly their own marker');
select is((select user_id from public.conversation_reads), 'user_acme_agent', 'which names them');
select is((select count(*) from public.notifications where conversation_id = 'a2000000-0000-4000-8000-000000000001' and read_at is null),
  0::bigint, 'opening it marks the agent''s notifications about it read');
select is((select count(*) from public.notifications where conversation_id = 'a2000000-0000-4000-8000-000000000003' and read_at is null),
  1::bigint, 'and not those about another conversation');
select is((select public.unread_count(c) from public.conversations c where id = 'a2000000-0000-4000-8000-000000000001'), 0,
  'the opened conversation has nothing unread');
select is(public.mark_conversation_read('a2000000-0000-4000-8000-000000000001') >= (select last_read_at from public.conversation_reads),
  true, 'opening it again keeps the marker (upsert, no duplicate)');
select throws_ok($$ update public.conversation_reads set user_id = 'user_acme_admin' $$, '42501', null, 'a marker cannot change hands');
select throws_ok($$ update public.conversation_reads set organization_id = 'b0000000-0000-4000-8000-000000000001' $$, '42501', null,
  'nor move to another organization');

select tests.clear_authentication();
select is((select read_at from public.notifications where user_id = 'user_acme_admin' and conversation_id = 'a2000000-0000-4000-8000-000000000001'), null,
  'a colleague''s notification about the same conversation stays unread');
update public.conversation_reads set last_read_at = now() + interval '1 hour' where user_id = 'user_acme_agent';
insert into public.messages (organization_id, conversation_id, sender_type, sender_id, body, created_at) values
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'visitor', 'a4000000-0000-4000-8000-000000000001', 'Any news?', now() + interval '2 hours'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'agent', 'user_acme_admin', 'Checking', now() + interval '3 hours');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is((select public.unread_count(c) from public.conversations c where id = 'a2000000-0000-4000-8000-000000000001'), 1,
  'a visitor message after the marker is unread again; a colleague''s reply is not');
select is(public.mark_conversation_read('a2000000-0000-4000-8000-000000000001') > now() + interval '59 minutes', true,
  'the marker never moves backwards');

select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is((select public.unread_count(c) from public.conversations c where id = 'a2000000-0000-4000-8000-000000000001'), 1,
  'the Acme admin''s unread follows their own, older marker');
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select isnt(public.mark_conversation_read('a2000000-0000-4000-8000-000000000003'), null, 'a viewer, who reads conversations, marks them read too');

select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is(public.mark_conversation_read('a2000000-0000-4000-8000-000000000001'), null,
  'marking another organization''s conversation read does nothing');
select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
select is((select count(*) from public.conversation_reads), 1::bigint, 'a Globex agent reads their own Globex marker (positive control)');

select tests.authenticate_as_anon();
select throws_ok($$ select public.mark_conversation_read('a2000000-0000-4000-8000-000000000001') $$, '42501', null,
  'anon (and so a visitor) may not mark read');
select throws_ok($$ select public.unread_count(c) from public.conversations c $$, '42501', null, 'nor count unread');

-- a member who leaves takes their markers along
select tests.clear_authentication();
delete from public.organization_members where organization_id = 'a0000000-0000-4000-8000-000000000001' and user_id = 'user_acme_viewer';
select is((select count(*) from public.conversation_reads where user_id = 'user_acme_viewer'), 0::bigint,
  'removing a member removes their markers');

select * from finish();
rollback;
