-- The analytics read rollups, never messages: a year of figures for a busy organization comes back
-- fast and without reading one row of the messages table, so the cost does not grow with the
-- number of messages (a million or more; 100,000 here to keep the suite quick on small machines:
-- the rollups are as large as a million messages' would be, one row per 15 minutes and sender).
begin;
select plan(8);

insert into public.organizations (id, slug, name, ticket_prefix) values ('e0000000-0000-4000-8000-000000000001', 'megacorp', 'Megacorp', 'MEG');
insert into public.users (id, email) values ('user_mega_viewer', 'vic@megacorp.example');
insert into public.organization_members (organization_id, user_id, role) values ('e0000000-0000-4000-8000-000000000001', 'user_mega_viewer', 'viewer');

-- 20,000 conversations spread over a year with 5 messages each, written as a bulk load: row triggers
-- off (session_replication_role), then the rollups built the way the migration backfills them
set local session_replication_role = replica;
insert into public.conversations (id, organization_id, created_at, is_escalated, escalated_reason, is_resolved, resolved_at)
select ('e2000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'e0000000-0000-4000-8000-000000000001',
  '2025-01-01Z'::timestamptz + (g * 13 % 525600) * interval '1 minute', g % 5 = 0, case when g % 5 = 0 then 'low_confidence' end,
  g % 3 = 0, case when g % 3 = 0 then '2025-01-01Z'::timestamptz + (g * 13 % 525600) * interval '1 minute' + interval '20 minutes' end
from generate_series(1, 20000) g;
insert into public.messages (id, organization_id, conversation_id, sender_type, body, created_at)
select ('e5000000-0000-4000-8000-' || lpad((c * 5 + m)::text, 12, '0'))::uuid, 'e0000000-0000-4000-8000-000000000001',
  ('e2000000-0000-4000-8000-' || lpad(c::text, 12, '0'))::uuid,
  (case when m % 2 = 1 then 'visitor' when c % 5 = 0 and m > 2 then 'agent' else 'ai' end)::public.sender_type,
  'message', '2025-01-01Z'::timestamptz + (c * 13 % 525600) * interval '1 minute' + m * interval '20 seconds'
from generate_series(1, 20000) c, generate_series(1, 5) m;
set local session_replication_role = origin;
insert into public.message_counts (organization_id, bucket, sender_type, messages)
select organization_id, to_timestamp(floor(extract(epoch from created_at) / 900) * 900), sender_type, count(*)
from public.messages where organization_id = 'e0000000-0000-4000-8000-000000000001' group by 1, 2, 3;
insert into public.conversation_metrics (organization_id, conversation_id, first_visitor_message_at, first_response_at, first_ai_reply_at, first_agent_reply_at)
select organization_id, conversation_id, min(created_at) filter (where sender_type = 'visitor'),
  min(created_at) filter (where sender_type <> 'visitor'), min(created_at) filter (where sender_type = 'ai'),
  min(created_at) filter (where sender_type = 'agent')
from public.messages where organization_id = 'e0000000-0000-4000-8000-000000000001' group by 1, 2;
analyze public.conversations, public.messages, public.message_counts, public.conversation_metrics;

select is((select count(*) from public.messages where organization_id = 'e0000000-0000-4000-8000-000000000001'), 100000::bigint,
  'Megacorp has 100,000 messages over a year');

create temp table timing (q text, ms numeric, seq_read bigint, idx_fetch bigint) on commit drop;
grant all on timing to authenticated;
create function pg_temp.measure(label text, query text) returns void
language plpgsql as $$
declare
  t0 timestamptz;
  s0 bigint;
  f0 bigint;
begin
  select coalesce(seq_tup_read, 0), coalesce(idx_tup_fetch, 0) into s0, f0 from pg_stat_xact_user_tables where relid = 'public.messages'::regclass;
  t0 := clock_timestamp();
  execute query;
  insert into timing select label, extract(epoch from clock_timestamp() - t0) * 1000,
    coalesce(seq_tup_read, 0) - s0, coalesce(idx_tup_fetch, 0) - f0
  from pg_stat_xact_user_tables where relid = 'public.messages'::regclass;
end
$$;
grant execute on function pg_temp.measure(text, text) to authenticated;

select tests.authenticate_as('user_mega_viewer', 'e0000000-0000-4000-8000-000000000001');
select pg_temp.measure('summary', $$ select * from public.analytics_summary('2025-01-01Z', '2026-01-01Z') $$);
select pg_temp.measure('daily', $$ select * from public.analytics_daily('2025-01-01Z', '2026-01-01Z', 'Europe/Berlin') $$);
select is((select messages from public.analytics_summary('2025-01-01Z', '2026-01-01Z')), 100000::bigint, 'the year''s summary counts every message');
select is((select sum(messages) from public.analytics_daily('2025-01-01Z', '2026-01-01Z', 'Europe/Berlin')), 100000::numeric,
  'and the daily series adds up to them');
select is((select count(*) from public.analytics_daily('2025-01-01Z', '2026-01-01Z', 'UTC')), 365::bigint, 'one row per day of 2025');
select tests.clear_authentication();
select is((select sum(seq_read + idx_fetch) from timing), 0::numeric, 'the analytics read no row of the messages table');
select cmp_ok((select ms from timing where q = 'summary'), '<', 3000::numeric, 'a year''s summary takes well under the 8 s statement timeout');
select cmp_ok((select ms from timing where q = 'daily'), '<', 3000::numeric, 'and so does the daily series');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select is((select messages from public.analytics_summary('2025-01-01Z', '2026-01-01Z')), 0::bigint, 'none of it shows up for Acme');

select * from finish();
rollback;
