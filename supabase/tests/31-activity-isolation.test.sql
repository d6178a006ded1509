-- Isolation of the analytics tables: events, article_views, article_mentions (append-only facts:
-- members read, agents add, admins delete, nobody edits), ingest_receipts (admins read) and the
-- trigger-maintained conversation_metrics and message_counts (members read, nobody writes).
begin;
select plan(155);

-- one Acme row in each table (the metrics rows come from the seed's messages)
insert into public.events (id, organization_id, name, idempotency_key) values
  ('a8000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'signup_started', 'seed-evt-1');
insert into public.article_views (id, organization_id, article_id, idempotency_key) values
  ('a8000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001', 'seed-view-1');
insert into public.article_mentions (id, organization_id, article_id, conversation_id, idempotency_key) values
  ('a8000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000003',
   'a2000000-0000-4000-8000-000000000002', 'seed-mention-1');
insert into public.ingest_receipts (organization_id, idempotency_key, item_type, target_id, payload_hash) values
  ('a0000000-0000-4000-8000-000000000001', 'seed-receipt-1', 'event', 'a8000000-0000-4000-8000-000000000001', repeat('a', 64));

-- The matrix for one table. Roles given as null: no client may do that at all (no privilege).
create function pg_temp.activity_matrix(tbl text, row_key text, insert_sql text,
  read_role public.member_role, insert_role public.member_role, delete_role public.member_role)
returns setof text
language plpgsql
as $$
declare
  acme constant uuid := 'a0000000-0000-4000-8000-000000000001';
  globex constant uuid := 'b0000000-0000-4000-8000-000000000001';
  short text := split_part(tbl, '.', 2);
  rls_msg text := format('new row violates row-level security policy for table "%s"', short);
  member jsonb := '{"viewer": "user_acme_viewer", "agent": "user_acme_agent", "admin": "user_acme_admin", "owner": "user_acme_owner"}';
  below jsonb := '{"agent": "viewer", "admin": "agent", "owner": "admin"}';
  upd text := format('update %s set organization_id = organization_id where %s', tbl, row_key);
  del text := format('with d as (delete from %s where %s returning 1) select count(*) from d', tbl, row_key);
  o record;
  n bigint;
  before_hash text;
  after_hash text;
begin
  execute format('select md5(t::text) from %s t where %s', tbl, row_key) into before_hash;
  for o in select * from (values
      ('user_globex_owner', globex, 'a Globex owner'), ('user_globex_owner', acme, 'a Globex owner claiming Acme'),
      ('user_consultant', globex, 'the consultant with Globex active'), ('user_nobody', acme, 'a non-member claiming Acme')) v(u, org, label)
  loop
    perform tests.authenticate_as(o.u, o.org);
    return next is_empty(format('select 1 from %s where organization_id = %L', tbl, acme), format('%s: %s sees no Acme rows', short, o.label));
    return next throws_ok(insert_sql, '42501', case when insert_role is not null then rls_msg end,
      format('%s: %s cannot insert an Acme row', short, o.label));
    return next throws_ok(upd, '42501', null, format('%s: %s cannot update (nobody can)', short, o.label));
    if delete_role is not null then
      execute del into n;
      return next is(n, 0::bigint, format('%s: %s deletes no Acme row', short, o.label));
    else
      return next throws_ok(del, '42501', null, format('%s: %s cannot delete (nobody can)', short, o.label));
    end if;
  end loop;

  perform tests.authenticate_as_anon();
  return next throws_ok(format('select 1 from %s', tbl), '42501', null, format('%s: anon cannot read', short));
  return next throws_ok(insert_sql, '42501', null, format('%s: anon cannot insert', short));
  return next throws_ok(upd, '42501', null, format('%s: anon cannot update', short));
  return next throws_ok(del, '42501', null, format('%s: anon cannot delete', short));

  perform tests.authenticate_as(member ->> read_role::text, acme);
  return next isnt_empty(format('select 1 from %s where %s', tbl, row_key), format('%s: an Acme %s reads the row', short, read_role));
  if read_role > 'viewer' then
    perform tests.authenticate_as(member ->> (below ->> read_role::text), acme);
    return next is_empty(format('select 1 from %s', tbl), format('%s: an Acme %s reads nothing', short, below ->> read_role::text));
  end if;
  if insert_role is not null then
    perform tests.authenticate_as(member ->> (below ->> insert_role::text), acme);
    return next throws_ok(insert_sql, '42501', rls_msg, format('%s: an Acme %s cannot insert', short, below ->> insert_role::text));
    perform tests.authenticate_as(member ->> insert_role::text, acme);
    return next lives_ok(insert_sql, format('%s: an Acme %s inserts (positive control)', short, insert_role));
  else
    perform tests.authenticate_as('user_acme_owner', acme);
    return next throws_ok(insert_sql, '42501', null, format('%s: even an Acme owner cannot insert', short));
  end if;
  if delete_role is not null then
    perform tests.authenticate_as(member ->> (below ->> delete_role::text), acme);
    execute del into n;
    return next is(n, 0::bigint, format('%s: an Acme %s deletes nothing', short, below ->> delete_role::text));
  else
    perform tests.authenticate_as('user_acme_owner', acme);
    return next throws_ok(del, '42501', null, format('%s: even an Acme owner cannot delete', short));
  end if;
  perform tests.clear_authentication();
  execute format('select md5(t::text) from %s t where %s', tbl, row_key) into after_hash;
  return next is(after_hash, before_hash, format('%s: the Acme row is unchanged after every refused write', short));
  if delete_role is not null then
    perform tests.authenticate_as(member ->> delete_role::text, acme);
    execute del into n;
    return next is(n, 1::bigint, format('%s: an Acme %s deletes the row (positive control)', short, delete_role));
  end if;
  perform tests.clear_authentication();
end
$$;

select * from pg_temp.activity_matrix('public.events', $$id = 'a8000000-0000-4000-8000-000000000001'$$,
  $$insert into public.events (organization_id, name) values ('a0000000-0000-4000-8000-000000000001', 'forged')$$,
  'viewer', 'agent', 'admin');
select * from pg_temp.activity_matrix('public.article_views', $$id = 'a8000000-0000-4000-8000-000000000002'$$,
  $$insert into public.article_views (organization_id, url) values ('a0000000-0000-4000-8000-000000000001', 'https://forged.example')$$,
  'viewer', 'agent', 'admin');
select * from pg_temp.activity_matrix('public.article_mentions', $$id = 'a8000000-0000-4000-8000-000000000003'$$,
  $$insert into public.article_mentions (organization_id, url) values ('a0000000-0000-4000-8000-000000000001', 'https://forged.example')$$,
  'viewer', 'agent', 'admin');
select * from pg_temp.activity_matrix('public.ingest_receipts', $$idempotency_key = 'seed-receipt-1'$$,
  $$insert into public.ingest_receipts (organization_id, idempotency_key, item_type, target_id, payload_hash)
    values ('a0000000-0000-4000-8000-000000000001', 'forged-receipt', 'event', gen_random_uuid(), repeat('b', 64))$$,
  'admin', null, null);
select * from pg_temp.activity_matrix('public.conversation_metrics', $$conversation_id = 'a2000000-0000-4000-8000-000000000001'$$,
  $$insert into public.conversation_metrics (organization_id, conversation_id) values ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004')$$,
  'viewer', null, null);
select * from pg_temp.activity_matrix('public.message_counts', $$sender_type = 'visitor'$$,
  $$insert into public.message_counts (organization_id, bucket, sender_type, messages) values ('a0000000-0000-4000-8000-000000000001', '2026-01-01', 'agent', 99)$$,
  'viewer', null, null);

-- links cannot cross tenants (composite foreign keys), even for a member with the right role
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.events (organization_id, name, visitor_id) values ('a0000000-0000-4000-8000-000000000001', 'x', 'b4000000-0000-4000-8000-000000000001') $$,
  '23503', null, 'an Acme event cannot point at a Globex visitor');
select throws_ok($$ insert into public.article_views (organization_id, article_id) values ('a0000000-0000-4000-8000-000000000001', 'b6000000-0000-4000-8000-000000000001') $$,
  '23503', null, 'an Acme article view cannot point at a Globex article');
select throws_ok($$ insert into public.article_mentions (organization_id, url, conversation_id) values ('a0000000-0000-4000-8000-000000000001', 'https://x.example', 'b2000000-0000-4000-8000-000000000001') $$,
  '23503', null, 'an Acme article mention cannot point at a Globex conversation');
insert into public.events (organization_id, name, idempotency_key) values ('a0000000-0000-4000-8000-000000000001', 'first', 'evt-key-0001');
select throws_ok($$ insert into public.events (organization_id, name, idempotency_key) values ('a0000000-0000-4000-8000-000000000001', 'again', 'evt-key-0001') $$,
  '23505', null, 'an event idempotency key is used once per organization');

select * from finish();
rollback;
