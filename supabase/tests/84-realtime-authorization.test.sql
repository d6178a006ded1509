-- Private Realtime channels: who may join (select on realtime.messages) and who may send or
-- track presence (insert) on `org:<id>` and `conversation:<id>` topics. Visitors reach the API as
-- anon, so the anon rows stand for them too.
begin;
select plan(20);

create temp table t (name text primary key, id uuid) on commit drop;
grant select on t to authenticated, anon;
insert into t values
  ('acme', 'a0000000-0000-4000-8000-000000000001'),
  ('globex', 'b0000000-0000-4000-8000-000000000001'),
  ('acme_conversation', (select id from public.conversations where organization_id = 'a0000000-0000-4000-8000-000000000001' order by created_at limit 1)),
  ('globex_conversation', (select id from public.conversations where organization_id = 'b0000000-0000-4000-8000-000000000001' order by created_at limit 1));

-- the probe row a join check reads back; the policies look at realtime.topic(), not at the row
insert into realtime.messages (topic, extension, private) values ('probe', 'broadcast', true);

-- does who (active in org, or anon when who is null) hear the topic?
create function pg_temp.hears(who text, org uuid, topic text) returns boolean language plpgsql as $$
declare
  n int;
begin
  perform set_config('realtime.topic', topic, true);
  if who is null then perform tests.authenticate_as_anon(); else perform tests.authenticate_as(who, org); end if;
  select count(*) into n from realtime.messages;
  perform tests.clear_authentication();
  return n > 0;
end
$$;

-- may who write a row of this extension (presence, broadcast) on the topic?
create function pg_temp.speaks(who text, org uuid, topic text, ext text) returns boolean language plpgsql as $$
begin
  perform set_config('realtime.topic', topic, true);
  if who is null then perform tests.authenticate_as_anon(); else perform tests.authenticate_as(who, org); end if;
  begin
    insert into realtime.messages (topic, extension, private) values (topic, ext, true);
  exception when insufficient_privilege then
    perform tests.clear_authentication();
    return false;
  end;
  perform tests.clear_authentication();
  return true;
end
$$;

select ok((select id from t where name = 'acme_conversation') is not null and (select id from t where name = 'globex_conversation') is not null,
  'the seed has a conversation in each organization');

-- join (select)
select ok(pg_temp.hears('user_acme_viewer', (select id from t where name = 'acme'), 'org:' || (select id from t where name = 'acme')),
  'an Acme viewer hears the Acme organization topic');
select ok(not pg_temp.hears('user_acme_owner', (select id from t where name = 'acme'), 'org:' || (select id from t where name = 'globex')),
  'an Acme owner does not hear the Globex organization topic');
select ok(not pg_temp.hears('user_globex_owner', (select id from t where name = 'globex'), 'org:' || (select id from t where name = 'acme')),
  'a Globex owner does not hear the Acme organization topic');
select ok(not pg_temp.hears('user_consultant', (select id from t where name = 'globex'), 'org:' || (select id from t where name = 'acme')),
  'a member of both hears Acme only while Acme is the active organization');
select ok(pg_temp.hears('user_consultant', (select id from t where name = 'acme'), 'org:' || (select id from t where name = 'acme')),
  'the same member hears Acme with Acme active');
select ok(not pg_temp.hears('user_nobody', null, 'org:' || (select id from t where name = 'acme')),
  'a user with no organization hears nothing');
select ok(not pg_temp.hears(null, null, 'org:' || (select id from t where name = 'acme')),
  'anon (a visitor) cannot join an organization topic');
select ok(pg_temp.hears('user_acme_agent', (select id from t where name = 'acme'), 'conversation:' || (select id from t where name = 'acme_conversation')),
  'an Acme agent hears an Acme conversation topic');
select ok(not pg_temp.hears('user_globex_agent', (select id from t where name = 'globex'), 'conversation:' || (select id from t where name = 'acme_conversation')),
  'a Globex agent does not hear an Acme conversation topic');
select ok(not pg_temp.hears(null, null, 'conversation:' || (select id from t where name = 'acme_conversation')),
  'anon (a visitor) cannot join a conversation topic');
select ok(not pg_temp.hears('user_acme_owner', (select id from t where name = 'acme'), 'org:not-a-uuid'),
  'a malformed topic belongs to no organization');
select ok(not pg_temp.hears('user_acme_owner', (select id from t where name = 'acme'), 'conversation:' || gen_random_uuid()),
  'an unknown conversation belongs to no organization');
select ok(not pg_temp.hears('user_acme_owner', (select id from t where name = 'acme'), 'probe'),
  'a topic of no known kind is heard by no one');

-- send and presence (insert)
select ok(pg_temp.speaks('user_acme_viewer', (select id from t where name = 'acme'), 'conversation:' || (select id from t where name = 'acme_conversation'), 'presence'),
  'an Acme viewer shows presence on an Acme conversation');
select ok(not pg_temp.speaks('user_acme_viewer', (select id from t where name = 'acme'), 'conversation:' || (select id from t where name = 'acme_conversation'), 'broadcast'),
  'an Acme viewer cannot broadcast (typing is for agents)');
select ok(pg_temp.speaks('user_acme_agent', (select id from t where name = 'acme'), 'conversation:' || (select id from t where name = 'acme_conversation'), 'broadcast'),
  'an Acme agent broadcasts on an Acme conversation');
select ok(not pg_temp.speaks('user_globex_agent', (select id from t where name = 'globex'), 'conversation:' || (select id from t where name = 'acme_conversation'), 'broadcast'),
  'a Globex agent cannot broadcast on an Acme conversation');
select ok(not pg_temp.speaks('user_globex_owner', (select id from t where name = 'globex'), 'org:' || (select id from t where name = 'acme'), 'presence'),
  'a Globex owner cannot show presence on the Acme organization topic');
select ok(not pg_temp.speaks(null, null, 'org:' || (select id from t where name = 'acme'), 'presence'),
  'anon (a visitor) cannot write to an organization topic');

select * from finish();
rollback;
