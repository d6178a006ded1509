-- Schema-wide rules, computed from the catalog so new tables are covered automatically.
begin;
select plan(22);

-- tables: public.<table> that carries organization_id is a tenant table
create temp view tenant_tables as
  select c.oid, c.relname
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute a on a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped
  where n.nspname = 'public' and c.relkind in ('r', 'p');

select tables_are('public', array['users', 'organizations', 'organization_members', 'invitations',
  'organization_domains', 'websites', 'visitors', 'conversations', 'messages', 'tickets', 'articles',
  'article_chunks', 'visitor_sessions', 'website_secrets', 'api_keys', 'events', 'article_views', 'article_mentions', 'ingest_receipts',
  'conversation_metrics', 'message_counts', 'email_outbox', 'notification_preferences', 'conversation_transitions',
  'conversation_reads', 'website_refused_origins', 'answer_feedback', 'article_proposals', 'integrations', 'channel_messages',
  'article_versions', 'profiles', 'chat_sessions', 'chat_messages', 'saved_contacts', 'webhook_endpoints', 'webhook_deliveries', 'notifications',
  'csat_ratings', 'canned_responses', 'labels', 'conversation_labels', 'ticket_labels',
  'business_hours', 'business_hours_days', 'holidays', 'sla_policies'],
  'public has exactly the expected tables');
select is((select count(*) from tenant_tables), 45::bigint, 'forty-five tenant tables carry organization_id');

select is_empty($$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity $$,
  'every public table has row level security enabled');
select is_empty($$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p')
    and not exists (select 1 from pg_policy p where p.polrelid = c.oid) $$,
  'every public table has at least one policy');
select is_empty($$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p') and obj_description(c.oid, 'pg_class') is null $$,
  'every public table has a comment');
select is_empty($$
  select t.relname from tenant_tables t
  join pg_attribute a on a.attrelid = t.oid and a.attname = 'organization_id'
  where not a.attnotnull or a.atttypid <> 'uuid'::regtype $$,
  'organization_id is uuid not null on every tenant table');
select is_empty($$
  select t.relname from tenant_tables t
  where not exists (select 1 from pg_trigger g where g.tgrelid = t.oid and not g.tgisinternal
    and g.tgfoid = 'private.keep_organization_id()'::regprocedure) $$,
  'every tenant table has the keep_organization_id trigger');
select is_empty($$
  select t.relname from tenant_tables t
  where not exists (select 1 from pg_constraint k where k.conrelid = t.oid and k.contype = 'f'
    and k.confrelid = 'public.organizations'::regclass) $$,
  'every tenant table references organizations');
select is_empty($$
  select k.conname from tenant_tables t join pg_constraint k on k.conrelid = t.oid
  where k.contype = 'u'
    and not exists (select 1 from unnest(k.conkey) col join pg_attribute a on a.attrelid = t.oid and a.attnum = col
                    where a.attname = 'organization_id')
    and k.conname not in ('websites_public_key_key', 'visitor_sessions_token_hash_key', 'api_keys_key_hash_key') $$,
  'organization_id is part of every unique key of a tenant table (except the global widget key and session token hash)');
select is_empty($$
  select k.conrelid::regclass, k.conname from pg_constraint k
  join pg_namespace n on n.oid = (select relnamespace from pg_class where oid = k.conrelid)
  where n.nspname = 'public' and k.contype = 'f'
    and k.confrelid <> 'public.organizations'::regclass and k.confrelid <> 'public.users'::regclass
    and not exists (select 1 from unnest(k.conkey) col join pg_attribute a on a.attrelid = k.conrelid and a.attnum = col
                    where a.attname = 'organization_id') $$,
  'every foreign key between tenant tables is composite with organization_id');
select is_empty($$
  select k.conrelid::regclass, k.conname from pg_constraint k
  join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and k.contype = 'f'
    and not exists (
      select 1 from pg_index i where i.indrelid = k.conrelid
        and (select array_agg(x order by x) from unnest((i.indkey::int2[])[0:cardinality(k.conkey) - 1]) x)
          = (select array_agg(x order by x) from unnest(k.conkey) x)) $$,
  'every foreign key is covered by the leading columns of an index');
select is_empty($$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute a on a.attrelid = c.oid and a.attname = 'updated_at'
  where n.nspname = 'public' and c.relkind = 'r'
    and not exists (select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgfoid = 'private.touch_updated_at()'::regprocedure) $$,
  'every table with updated_at has the touch trigger');

-- policies
select is_empty($$ select tablename, policyname, roles from pg_policies where schemaname = 'public'
    and roles not in ('{authenticated}', '{concierge_ingest}', '{concierge_jobs}')
    and not (tablename = 'articles' and policyname = 'articles_select_help_center' and roles = '{anon}' and cmd = 'SELECT') $$,
  'every policy is to authenticated or to an RLS-bound job role (concierge_ingest, concierge_jobs); no public policies, and to anon only the help center''s read of published articles');
select is_empty($$
  select tablename, policyname from pg_policies where schemaname = 'public'
    and (coalesce(qual, '') || coalesce(with_check, '')) ~ '''rol''|''role''::text|o\.rol|auth\.uid\(\)' $$,
  'no policy reads o.rol, the role claim or auth.uid()');
select is_empty($$
  select tablename, policyname from pg_policies p, lateral (select coalesce(qual, '') || ' ' || coalesce(with_check, '') as expr) e
  where schemaname = 'public'
    and ((select count(*) from regexp_matches(expr, 'auth\.jwt\(\)', 'g'))
         <> (select count(*) from regexp_matches(expr, '\( SELECT auth\.jwt\(\) AS jwt\)', 'g'))
      or (select count(*) from regexp_matches(expr, 'private\.org_with_role\(', 'g'))
         <> (select count(*) from regexp_matches(expr, '\( SELECT private\.org_with_role\(', 'g'))) $$,
  'every auth.jwt() and org_with_role() call in a policy is wrapped as (select f()) (splinter auth_rls_initplan)');
select is_empty($$
  select p.tablename, p.policyname from pg_policies p join tenant_tables t on t.relname = p.tablename
  where p.schemaname = 'public' and (coalesce(qual, '') || coalesce(with_check, '')) ~* 'organization_id IN|= ANY|my_org_ids' $$,
  'tenant-table policies compare organization_id with a scalar helper, never IN/ANY or my_org_ids');
select is_empty($$
  select tablename, cmd, count(*) from pg_policies where schemaname = 'public' and permissive = 'PERMISSIVE'
  group by tablename, cmd, roles having count(*) > 1 $$,
  'at most one permissive policy per table, command and role');
select is_empty($$ select tablename, policyname from pg_policies where schemaname = 'public' and cmd = 'UPDATE' and (qual is null or with_check is null) $$,
  'every update policy has both using and with check');

-- functions
select is_empty($$
  select p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private')
    and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
    and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%') $$,
  'every function in public and private pins search_path (extensions aside)');
select is_empty($$
  select p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private')
    and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e') and has_function_privilege('anon', p.oid, 'execute')
    and p.oid not in ('public.widget_start_session(text, text, text)'::regprocedure,
      'public.widget_messages(text, timestamptz)'::regprocedure, 'public.widget_escalate(text, text, text, text)'::regprocedure,
      'public.widget_identify(text, text, text, text)'::regprocedure,
      'public.widget_chat_turn(text, text, text, integer)'::regprocedure,
      'public.widget_request_transcript(text)'::regprocedure,
      'public.widget_record_refused_origin(text, text)'::regprocedure,
      'public.widget_rate_answer(text, uuid, integer)'::regprocedure,
      'public.widget_appearance(text, text)'::regprocedure,
      'public.widget_rate_conversation(text, integer, text)'::regprocedure,
      'public.ingest_batch(text, jsonb)'::regprocedure, 'public.ingest_lookup(text, text[])'::regprocedure,
      'public.ingest_authenticate(text, text)'::regprocedure,
      'public.help_center(text)'::regprocedure, 'public.help_center_enabled(uuid)'::regprocedure) $$,
  'anon executes no function of ours in public or private except the widget_* and ingest_* RPCs and the help center''s two readers');
select ok(not has_schema_privilege('anon', 'private', 'usage'), 'anon has no usage on schema private');
select ok(
  has_function_privilege('authenticated', 'private.org_with_role(public.member_role)', 'execute')
  and has_function_privilege('authenticated', 'private.my_org_ids()', 'execute')
  and not has_function_privilege('authenticated', 'private.assign_ticket_number()', 'execute'),
  'authenticated executes the policy helpers (positive control) but not the trigger functions');

select * from finish();
rollback;
