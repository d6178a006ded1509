-- Data lifecycle (supabase/migrations/20261204060000_create_data_lifecycle.sql): export one
-- organization, erase one visitor, delete one organization. The deletion is checked from the
-- catalog: no row of any table in public or private carries the organization's id (in any uuid,
-- uuid[], text or jsonb column), and every row that did not carry it is exactly as before.
begin;
select plan(23);

-- rows of every table in public and private carrying one of p_ids in a uuid, uuid[], text or jsonb column
create function pg_temp.rows_carrying(p_ids uuid[]) returns bigint
language plpgsql as $$
declare
  col record;
  n bigint;
  total bigint := 0;
begin
  for col in
    select n2.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod) as type
    from pg_class c
    join pg_namespace n2 on n2.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where c.relkind in ('r', 'p') and n2.nspname in ('public', 'private')
      and format_type(a.atttypid, a.atttypmod) in ('uuid', 'uuid[]', 'text', 'jsonb')
  loop
    execute format(
      case col.type
        when 'uuid' then 'select count(*) from %I.%I where %I = any($1)'
        when 'uuid[]' then 'select count(*) from %I.%I where %I && $1'
        else 'select count(*) from %I.%I x where exists (select 1 from unnest($1) i where strpos(x.%I::text, i::text) > 0)'
      end, col.nspname, col.relname, col.attname) into n using p_ids;
    total := total + n;
  end loop;
  return total;
end $$;

-- a fingerprint of every row (of every table in public and private) whose text carries none of p_ids
create function pg_temp.others_fingerprint(p_ids uuid[]) returns text
language plpgsql as $$
declare
  t record;
  h text;
  result text := '';
begin
  for t in
    select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname in ('public', 'private') order by 1, 2
  loop
    execute format('select md5(coalesce(string_agg(x::text, '','' order by x::text), '''')) from %I.%I x
      where not exists (select 1 from unnest($1) i where strpos(x::text, i::text) > 0)', t.nspname, t.relname) into h using p_ids;
    result := result || t.nspname || '.' || t.relname || '=' || h || ';';
  end loop;
  return result;
end $$;

-- the catalog helper lists every tenant table, public and private
select ok((select count(*) from private.organization_tables()) >= 35, 'organization_tables lists the tenant tables');
select ok(exists (select 1 from private.organization_tables() where table_schema = 'private' and table_name = 'clerk_outbox'),
  'organization_tables finds tables without a foreign key to organizations');

-- export: an admin of Globex, every public tenant table, Globex rows only, no credentials
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
create temp table globex_export as select public.export_organization('b0000000-0000-4000-8000-000000000001') as doc;
select tests.clear_authentication();
select set_eq(
  $$ select jsonb_object_keys(doc) from globex_export $$,
  $$ select table_name from private.organization_tables() where table_schema = 'public' union select 'organizations' union select 'users' $$,
  'the export holds every public tenant table, organizations and users'
);
select is(
  (select count(*) from globex_export, jsonb_each(doc) t(name, rows), jsonb_array_elements(rows) r
   where t.name not in ('organizations', 'users') and r ->> 'organization_id' <> 'b0000000-0000-4000-8000-000000000001'),
  0::bigint, 'every exported row is Globex''s'
);
select is((select jsonb_array_length(doc -> 'websites') from globex_export), (select count(*)::int from public.websites where organization_id = 'b0000000-0000-4000-8000-000000000001'),
  'the export holds all of Globex''s websites');
select is(
  (select count(*) from globex_export, jsonb_each(doc) t(name, rows), jsonb_array_elements(rows) r
   where r ?| array['key_hash', 'identity_secret', 'token_hash', 'access_token', 'refresh_token']),
  0::bigint, 'no credential or hash is exported'
);
select is((select doc -> 'organizations' -> 0 ->> 'slug' from globex_export), 'globex', 'the organization itself is exported');

-- who may export: an agent of Globex, an Acme admin asking for Globex, anon
select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.export_organization('b0000000-0000-4000-8000-000000000001') $$, '42501', null, 'an agent may not export');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.export_organization('b0000000-0000-4000-8000-000000000001') $$, '42501', null, 'another organization''s owner may not export it');
select tests.authenticate_as_anon();
select throws_ok($$ select public.export_organization('b0000000-0000-4000-8000-000000000001') $$, '42501', null, 'anon may not export');
select tests.clear_authentication();

-- erase one visitor of Acme: their words, name, email go; the conversation and the replies stay
create temp table erased_visitor as
select v.id, c.id as conversation_id,
  (select count(*) from public.messages m where m.conversation_id = c.id and m.sender_type <> 'visitor') as others
from public.visitors v join public.conversations c on c.visitor_id = v.id
where v.organization_id = 'a0000000-0000-4000-8000-000000000001'
  and exists (select 1 from public.messages m where m.conversation_id = c.id and m.sender_type = 'visitor')
order by v.id limit 1;
grant select on erased_visitor to authenticated;
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.erase_visitor((select id from erased_visitor)) $$, '42501', null, 'an agent may not erase a visitor');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.erase_visitor((select id from erased_visitor)) $$, '42501', null, 'another organization''s owner may not erase an Acme visitor');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select ok((select (public.erase_visitor((select id from erased_visitor)) ->> 'messages_erased')::int >= 1), 'an admin erases the visitor''s messages');
select tests.clear_authentication();
select is((select count(*) from public.visitors where id = (select id from erased_visitor)), 0::bigint, 'the visitor row is gone');
select is(
  (select count(*) from public.messages m where m.conversation_id = (select conversation_id from erased_visitor)
   and m.sender_type = 'visitor' and m.body <> '[erased at the visitor''s request]'),
  0::bigint, 'none of the visitor''s own words remain'
);
select is(
  (select count(*) from public.messages m where m.conversation_id = (select conversation_id from erased_visitor) and m.sender_type <> 'visitor'),
  (select others from erased_visitor), 'the agents'' and the AI''s messages stay'
);
select is((select visitor_id from public.conversations where id = (select conversation_id from erased_visitor)), null, 'the conversation stays, without its visitor');

-- delete Globex: the owner only, with the slug typed
select tests.authenticate_as('user_globex_agent', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.delete_organization('b0000000-0000-4000-8000-000000000001', 'globex') $$, '42501', null, 'an agent may not delete the organization');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.delete_organization('b0000000-0000-4000-8000-000000000001', 'acme') $$, '22023', null, 'the slug must be typed to confirm');
select tests.clear_authentication();

-- rows in tables without a foreign key to organizations, so the deletion has them to find
insert into private.clerk_outbox (kind, organization_id, user_id) values ('membership', 'b0000000-0000-4000-8000-000000000001', 'user_globex_owner');
-- Globex's id and its websites' (per-website rows, such as quota counters, carry only those)
create temp table globex_ids as
select array_agg(id) || 'b0000000-0000-4000-8000-000000000001'::uuid as ids from public.websites where organization_id = 'b0000000-0000-4000-8000-000000000001';
create temp table before_delete as select pg_temp.others_fingerprint((select ids from globex_ids)) as fp;
select ok(pg_temp.rows_carrying((select ids from globex_ids)) > 0, 'Globex''s ids are in many rows before');

select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select lives_ok($$ select public.delete_organization('b0000000-0000-4000-8000-000000000001', 'globex') $$, 'the owner deletes the organization');
select tests.clear_authentication();
select is(pg_temp.rows_carrying((select ids from globex_ids)), 0::bigint, 'no row of any table carries Globex''s id or one of its websites''');
select is(pg_temp.others_fingerprint((select ids from globex_ids)), (select fp from before_delete),
  'every row of every other organization (and of no organization) is exactly as before');

select * from finish();
rollback;
