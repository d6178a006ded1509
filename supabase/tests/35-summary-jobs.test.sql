-- The summary job's functions: one organization per call under RLS (concierge_jobs), callable by
-- the service role (cron) or by an admin for their active organization; idempotent.
begin;
select plan(26);

insert into public.conversations (id, organization_id, status, is_resolved, resolved_at) values
  ('a2000000-0000-4000-8000-0000000005c1', 'a0000000-0000-4000-8000-000000000001', 'closed', true, now() - interval '3 hours'),
  ('a2000000-0000-4000-8000-0000000005c2', 'a0000000-0000-4000-8000-000000000001', 'open', false, null),
  ('a2000000-0000-4000-8000-0000000005c3', 'a0000000-0000-4000-8000-000000000001', 'open', false, null);
insert into public.messages (organization_id, conversation_id, sender_type, body, is_internal, created_at) values
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000005c1', 'visitor', 'Can I change my plan?', false, now() - interval '4 hours'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000005c1', 'ai', 'Yes, under Settings > Billing.', false, now() - interval '239 minutes'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000005c1', 'agent', 'secret note', true, now() - interval '238 minutes'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000005c2', 'visitor', 'Hello?', false, now() - interval '2 hours'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000005c3', 'visitor', 'Still typing', false, now() - interval '1 minute');

create function pg_temp.ids(j jsonb) returns uuid[] language sql as $$ select array(select (x ->> 'id')::uuid from jsonb_array_elements(j) x) $$;
-- run one query as the service role, as the cron's PostgREST calls do (pgTAP is not its to call)
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

select ok((select not rolsuper and not rolbypassrls and not rolcanlogin from pg_roles where rolname = 'concierge_jobs'),
  'concierge_jobs is an ordinary role: no superuser, no BYPASSRLS, no login');
select is((select string_agg(p.proname || ':' || pg_get_userbyid(p.proowner) || ':' || p.prosecdef, ' ' order by p.proname) from pg_proc p
    where p.oid in ('public.summary_candidates(uuid, integer, integer, boolean)'::regprocedure, 'public.store_summary(uuid, uuid, text, boolean)'::regprocedure)),
  'store_summary:concierge_jobs:true summary_candidates:concierge_jobs:true', 'the per-organization job functions run as concierge_jobs');

-- the cron (service role)
select ok(pg_temp.as_service($$ select to_jsonb(array(select public.summary_organizations(60))) $$) ? 'a0000000-0000-4000-8000-000000000001',
  'Acme has conversations to summarize');
create temp table cand on commit drop as
  select pg_temp.as_service($$ select public.summary_candidates('a0000000-0000-4000-8000-000000000001', 100, 60) $$) as j;
select ok(pg_temp.ids(j) @> '{a2000000-0000-4000-8000-0000000005c1, a2000000-0000-4000-8000-0000000005c2}', 'resolved and idle conversations are candidates')
from cand;
select ok(not ('a2000000-0000-4000-8000-0000000005c3' = any (pg_temp.ids(j))), 'a conversation active a minute ago is not') from cand;
select ok(not ('a2000000-0000-4000-8000-000000000001' = any (pg_temp.ids(j))), 'nor one that already has a (human) summary') from cand;
select is((select count(*) from cand, jsonb_array_elements(j) x join public.conversations c on c.id = (x ->> 'id')::uuid
  where c.organization_id <> 'a0000000-0000-4000-8000-000000000001'), 0::bigint, 'every candidate is Acme''s');
select is((select x -> 'messages' from cand, jsonb_array_elements(j) x where x ->> 'id' = 'a2000000-0000-4000-8000-0000000005c1'),
  '[{"body": "Can I change my plan?", "sender_type": "visitor"}, {"body": "Yes, under Settings > Billing.", "sender_type": "ai"}]'::jsonb,
  'a candidate carries its visible transcript, internal notes left out');
select is(pg_temp.as_service($$ select to_jsonb(public.store_summary('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000005c1', 'Asked how to change plan.')) $$),
  'true', 'the job stores a summary');
select is(pg_temp.as_service($$ select to_jsonb(public.store_summary('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000005c1', 'Second run.')) $$),
  'false', 'a second run does not overwrite it (idempotent)');
select ok(not ('a2000000-0000-4000-8000-0000000005c1' = any (pg_temp.ids(
    pg_temp.as_service($$ select public.summary_candidates('a0000000-0000-4000-8000-000000000001', 100, 60) $$)))),
  'and the conversation is no longer a candidate');
select is(pg_temp.as_service($$ select to_jsonb(public.store_summary('b0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000005c2', 'Cross-tenant.')) $$),
  'false', 'working for Globex, the job cannot write an Acme conversation');
select is(pg_temp.as_service($$ select to_jsonb(public.store_summary('b0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000005c2', 'Cross-tenant.', true)) $$),
  'false', 'not even when forced');
select is(pg_temp.as_service($$ select public.summary_candidates('b0000000-0000-4000-8000-000000000001', 100, 60, true) $$)
    @> '[{"id": "a2000000-0000-4000-8000-0000000005c1"}]', false,
  'working for Globex, it reads no Acme conversation');
select is((select summary from public.conversations where id = 'a2000000-0000-4000-8000-0000000005c1'), 'Asked how to change plan.', 'the stored summary');
select isnt((select summarized_at from public.conversations where id = 'a2000000-0000-4000-8000-0000000005c1'), null, 'with summarized_at');
select is((select summary from public.conversations where id = 'a2000000-0000-4000-8000-0000000005c2'), null, 'the Acme conversation was not touched');
-- an agent's follow-up: a visitor message would reopen the resolved conversation (no longer idle)
insert into public.messages (organization_id, conversation_id, sender_type, body, created_at) values
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000005c1', 'agent', 'One more thing', now() + interval '1 second');
select ok('a2000000-0000-4000-8000-0000000005c1' = any (pg_temp.ids(
    pg_temp.as_service($$ select public.summary_candidates('a0000000-0000-4000-8000-000000000001', 100, 0) $$))),
  'a summarized conversation that got new messages is due again');

-- an admin, for the active organization only
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select lives_ok($$ select public.summary_candidates('a0000000-0000-4000-8000-000000000001', 10, 60, true) $$, 'an Acme admin lists Acme candidates');
select is(public.store_summary('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000005c1', 'Re-summarized.', true), true,
  'and forces a re-summary');
select throws_ok($$ select public.summary_candidates('b0000000-0000-4000-8000-000000000001') $$, '42501', null, 'but not for Globex');
select throws_ok($$ select public.summary_organizations() $$, '42501', null, 'and cannot list organizations');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.summary_candidates('a0000000-0000-4000-8000-000000000001') $$, '42501', null, 'an agent cannot run summaries');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.store_summary('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-0000000005c2', 'x') $$,
  '42501', null, 'a Globex owner claiming Acme cannot write Acme summaries');
select tests.authenticate_as_anon();
select throws_ok($$ select public.summary_candidates('a0000000-0000-4000-8000-000000000001') $$, '42501', null, 'anon cannot call the job functions');
select tests.clear_authentication();
select is((select summary from public.conversations where id = 'a2000000-0000-4000-8000-0000000005c2'), null, 'and nothing was written by them');

select * from finish();
rollback;
