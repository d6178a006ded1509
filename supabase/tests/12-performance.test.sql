-- Tenant filtering is an index condition, not a filter over every tenant's rows: the policy's
-- (select private.org_with_role(...)) is a scalar InitPlan, so "latest 50 messages" with no
-- organization filter in the query is an index scan of the active organization only.
begin;
select plan(9);

-- a crowd of other tenants, plus some Acme history, then fresh statistics
insert into public.organizations (id, slug, name, ticket_prefix)
  select ('c0000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'tenant-' || g, 'Tenant ' || g, 'TNT'
  from generate_series(1, 20) g;
insert into public.conversations (id, organization_id)
  select ('c2000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, ('c0000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid
  from generate_series(1, 20) g;
insert into public.messages (organization_id, conversation_id, sender_type, body, created_at)
  select ('c0000000-0000-4000-8000-' || lpad((g % 20 + 1)::text, 12, '0'))::uuid,
         ('c2000000-0000-4000-8000-' || lpad((g % 20 + 1)::text, 12, '0'))::uuid,
         'visitor', 'message ' || g, now() - g * interval '1 second'
  from generate_series(1, 20000) g;
insert into public.messages (organization_id, conversation_id, sender_type, body, created_at)
  select 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'visitor', 'acme ' || g, now() - g * interval '7 seconds'
  from generate_series(1, 1000) g;
insert into public.tickets (organization_id, subject)
  select ('c0000000-0000-4000-8000-' || lpad((g % 20 + 1)::text, 12, '0'))::uuid, 'ticket ' || g
  from generate_series(1, 2000) g;
analyze public.organizations, public.organization_members, public.conversations, public.messages, public.tickets;
-- Acme's true message count, taken as postgres (other suites may have added Acme messages).
select set_config('tests.acme_messages',
  (select count(*) from public.messages where organization_id = 'a0000000-0000-4000-8000-000000000001')::text, true);

select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
create temp table plans on commit drop as
  select 'messages' as q, tests.explain_json('select * from public.messages order by created_at desc limit 50', true) as plan
  union all
  select 'tickets', tests.explain_json('select * from public.tickets order by created_at desc limit 50', true);

select ok(jsonb_path_exists(plan, '$.** ? (@."Node Type" == "Index Scan" && @."Index Name" == "messages_organization_id_created_at_idx")'),
  'latest 50 messages: an index scan on messages_organization_id_created_at_idx')
from plans where q = 'messages';
select ok(jsonb_path_exists(plan, '$.** ? (@."Index Name" == "messages_organization_id_created_at_idx" && @."Index Cond" like_regex "organization_id = \\(InitPlan")'),
  'latest 50 messages: the index condition is organization_id = the InitPlan (helper evaluated once)')
from plans where q = 'messages';
select ok(not jsonb_path_exists(plan, '$.** ? (@."Node Type" == "Seq Scan" || @."Node Type" == "Bitmap Heap Scan")'),
  'latest 50 messages: no sequential or bitmap scan')
from plans where q = 'messages';
select cmp_ok((jsonb_path_query_first(plan, '$.** ? (@."Index Name" == "messages_organization_id_created_at_idx")."Actual Rows"'))::int, '<=', 50,
  'latest 50 messages: the index scan reads at most 50 rows (no other tenant''s rows)')
from plans where q = 'messages';
select ok(jsonb_path_exists(plan, '$.** ? (@."Index Cond" like_regex "organization_id = \\(InitPlan")')
  and not jsonb_path_exists(plan, '$.** ? (@."Node Type" == "Seq Scan")'),
  'latest 50 tickets: an index condition on organization_id = the InitPlan, no seq scan')
from plans where q = 'tickets';

select is((select count(*) from (select 1 from public.messages order by created_at desc limit 50) m), 50::bigint,
  'the query returns 50 messages');
select is_empty($$ select 1 from (select organization_id from public.messages order by created_at desc limit 50) m
  where organization_id <> 'a0000000-0000-4000-8000-000000000001' $$, 'all of them Acme''s');
select is((select count(*) from public.messages), current_setting('tests.acme_messages')::bigint,
  'an Acme agent counts exactly Acme''s messages');
select tests.authenticate_as('user_nobody', 'a0000000-0000-4000-8000-000000000001');
select is((select count(*) from public.messages), 0::bigint, 'a non-member counts none of the 21,000+ messages');

select * from finish();
rollback;
