-- Smaller hardening items of the security review: widget_search_articles is POST-only, only a
-- revoked API key can be deleted, summary inputs are capped and forced runs have a cooldown,
-- the seed makes no organization the default one, ingest item errors name no constraint or
-- column, and the ingest function can check a key before it reads the body.
begin;
select plan(28);

create temp table k (name text primary key, id uuid, key text) on commit drop;
grant all on k to authenticated, anon;

-- run one query as the service role, as the cron's PostgREST calls do
create function pg_temp.as_service(q text) returns jsonb language plpgsql as $$
declare
  r jsonb;
begin
  perform set_config('request.jwt.claims', '{"role": "service_role"}', true);
  set local role service_role;
  execute q into r;
  reset role;
  perform set_config('request.jwt.claims', '', true);
  return r;
end
$$;
-- the SQLSTATE and hint a statement fails with
create function pg_temp.failure(q text) returns text language plpgsql as $$
declare
  state text;
  hint text;
begin
  execute q;
  return 'no error';
exception when others then
  get stacked diagnostics state = returned_sqlstate, hint = pg_exception_hint;
  return state || ' ' || coalesce(hint, '');
end
$$;
grant execute on function pg_temp.failure(text) to authenticated;

-- widget_search_articles: POST only (PostgREST runs a GET in a read-only transaction)
select is((select provolatile::text from pg_proc where oid = 'public.widget_search_articles(text, text, integer)'::regprocedure), 'v',
  'widget_search_articles is volatile');
select is(pg_temp.failure($$ select set_config('transaction_read_only', 'on', true), public.widget_search_articles('vst_' || repeat('0', 64), 'refund') $$),
  '25006 ', 'it refuses to run in a read-only transaction (a GET through PostgREST: 405), before it looks at the session token');

-- api_keys: only a revoked key can be deleted
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
insert into k select 'live', (j ->> 'id')::uuid, j ->> 'key' from public.create_api_key('Live key', '{ingest:write}') j;
select is(tests.row_count($$ delete from public.api_keys where id = (select id from k where name = 'live') $$), 0::bigint,
  'an admin cannot delete a live (unrevoked) key');
select isnt_empty($$ select 1 from public.api_keys where id = (select id from k where name = 'live') $$, 'the live key is still there');
select is(tests.row_count($$ update public.api_keys set revoked_at = now() where id = (select id from k where name = 'live') $$), 1::bigint,
  'the admin revokes it');
select is(tests.row_count($$ delete from public.api_keys where id = (select id from k where name = 'live') $$), 1::bigint,
  'and then deletes it');
insert into k select 'read', (j ->> 'id')::uuid, j ->> 'key' from public.create_api_key('Read key', '{read}') j;
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
update public.api_keys set revoked_at = now() where id = (select id from k where name = 'read');
select tests.clear_authentication();
select is((select revoked_at from public.api_keys where id = (select id from k where name = 'read')), null,
  'a Globex owner cannot revoke an Acme key (so cannot make it deletable)');

-- ingest_authenticate: checks a key before the ingest function reads the body
select tests.authenticate_as_anon();
select is(public.ingest_authenticate((select key from k where name = 'read'), 'read'), (select id from k where name = 'read'),
  'anon (the ingest function) gets the id of a live key with the scope');
select throws_ok($$ select public.ingest_authenticate('ck_live_' || repeat('0', 48), 'read') $$, '28000', null, 'an unknown key is refused');
select throws_ok($$ select public.ingest_authenticate('not a key', 'ingest:write') $$, '28000', null, 'a malformed key is refused');
select throws_ok($$ select public.ingest_authenticate((select key from k where name = 'read'), 'ingest:write') $$, '42501', null,
  'a key without the scope is refused');
select tests.clear_authentication();
update public.api_keys set revoked_at = now() where id = (select id from k where name = 'read');
select tests.authenticate_as_anon();
select throws_ok($$ select public.ingest_authenticate((select key from k where name = 'read'), 'read') $$, '28000', null,
  'a revoked key is refused');
select tests.clear_authentication();

-- summary inputs are capped in SQL (a reason is a code of at most 40 characters since 20261203060000)
select throws_ok($$ insert into public.conversations (organization_id, status, escalated_reason)
    values ('a0000000-0000-4000-8000-000000000001', 'open', repeat('r', 5000)) $$, '23514', null, 'an escalation reason is a short code');
insert into public.conversations (id, organization_id, status, is_resolved, resolved_at, escalated_reason) values
  ('a2000000-0000-4000-8000-0000000063c1', 'a0000000-0000-4000-8000-000000000001', 'closed', true, now() - interval '3 hours', 'low_confidence');
insert into public.messages (organization_id, conversation_id, sender_type, body, created_at) values
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000063c1', 'visitor', repeat('long question ', 1400), now() - interval '4 hours');
select is((select jsonb_build_array(char_length(c -> 'messages' -> 0 ->> 'body'), char_length(c ->> 'escalated_reason'))
           from jsonb_array_elements(pg_temp.as_service($$ select public.summary_candidates('a0000000-0000-4000-8000-000000000001', 100, 60) $$)) c
           where c ->> 'id' = 'a2000000-0000-4000-8000-0000000063c1'),
  '[1000, 14]'::jsonb, 'summary_candidates sends at most 1000 characters of a 19,600-character message');

-- forced summaries: one per organization per cooldown, for admins
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$ select public.summary_candidates('a0000000-0000-4000-8000-000000000001', 10, 60, true) $$, 'an admin forces a run');
select is(pg_temp.failure($$ select public.summary_candidates('a0000000-0000-4000-8000-000000000001', 10, 60, true) $$), 'PT429 retry-after=600',
  'a second forced run within the cooldown is refused (429, retry after 600 s)');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.summary_candidates('a0000000-0000-4000-8000-000000000001', 10, 60, true) $$, 'PT429', null,
  'the cooldown is the organization''s: another admin of it is refused too');
select lives_ok($$ select public.summary_candidates('a0000000-0000-4000-8000-000000000001', 10, 60) $$, 'an unforced run is not limited');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select lives_ok($$ select public.summary_candidates('b0000000-0000-4000-8000-000000000001', 10, 60, true) $$,
  'another organization forces its own run');
select tests.clear_authentication();
select lives_ok($$ select pg_temp.as_service($q$ select public.summary_candidates('a0000000-0000-4000-8000-000000000001', 10, 60, true) $q$) $$,
  'the scheduler (service role) is not limited');
select throws_ok($$ select private.claim_forced_summary('a0000000-0000-4000-8000-000000000001') $$, 'PT429', null,
  'the cooldown is recorded in the database');
update private.forced_summary_runs set last_run_at = now() - interval '11 minutes' where organization_id = 'a0000000-0000-4000-8000-000000000001';
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$ select public.summary_candidates('a0000000-0000-4000-8000-000000000001', 10, 60, true) $$, 'after the cooldown a forced run works again');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select * from private.forced_summary_runs $$, '42501', null, 'the cooldown table is not readable through the API');
select tests.clear_authentication();

-- the seed makes no organization the default one for new sign-ups
select is_empty($$ select slug from public.organizations where settings ? 'default_org' $$,
  'no seeded organization is the default organization for every sign-up');

-- ingest item errors: Postgres's own messages (constraint, column, table names) are not passed on
select is(private.ingest_error('23514', 'new row for relation "messages" violates check constraint "messages_body_length"'),
  '{"status": "error", "error": {"code": "invalid_item", "message": "a field of the item has a value that cannot be stored"}}'::jsonb,
  'a check violation becomes invalid_item with a fixed message, naming no constraint');
select unalike(private.ingest_error('23502', 'null value in column "visitor_id" of relation "conversations" violates not-null constraint') #>> '{error,message}',
  '%visitor_id%', 'a not-null violation names no column');
select is(private.ingest_error('23503', 'insert or update on table "messages" violates foreign key constraint "messages_conversation_fk"') #>> '{error,code}',
  'not_found', 'a foreign-key violation is not_found');
select is(private.ingest_error('22023', 'sent_at: must be an ISO 8601 time') #>> '{error,message}', 'sent_at: must be an ISO 8601 time',
  'the ingest functions'' own messages about a field are still passed on');

select * from finish();
rollback;
