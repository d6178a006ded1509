-- The whole privilege map of the API roles in public, read from the catalog and compared with the
-- literal lists below (set equality), so a new table, grant or function that widens what anon or
-- authenticated may do fails here until the list says so. '*' = the privilege on the whole table;
-- otherwise the columns it is granted on (column grants). RLS then decides which rows.
begin;
select plan(12);

create temp table expected_privileges (role text, tbl text, privilege text, columns text);

-- anon: the public help center's article columns (published articles of organizations whose help
-- center is on, by the policy articles_select_help_center; never created_by/updated_by), nothing
-- else. Visitors use the security definer RPCs listed in expected_anon_functions.

insert into expected_privileges values
  ('anon', 'articles', 'SELECT', 'body, collection, id, is_published, language, organization_id, published_at, slug, tags, title, updated_at'),
  ('authenticated', 'article_chunks', 'SELECT', '*'),
  ('authenticated', 'answer_feedback', 'SELECT', '*'),
  ('authenticated', 'csat_ratings', 'SELECT', '*'),
  ('authenticated', 'api_keys', 'DELETE', '*'),
  ('authenticated', 'api_keys', 'SELECT', 'created_at, created_by, id, last_used_at, name, organization_id, prefix, revoked_at, revoked_by, scopes'),
  ('authenticated', 'api_keys', 'UPDATE', 'name, revoked_at'),
  ('authenticated', 'chat_messages', 'DELETE', '*'),
  ('authenticated', 'chat_messages', 'INSERT', 'content, metadata, organization_id, role, session_id, user_id'),
  ('authenticated', 'chat_messages', 'SELECT', '*'),
  ('authenticated', 'chat_sessions', 'DELETE', '*'),
  ('authenticated', 'chat_sessions', 'INSERT', 'id, organization_id, title, user_id'),
  ('authenticated', 'chat_sessions', 'SELECT', '*'),
  ('authenticated', 'chat_sessions', 'UPDATE', 'last_message_at, title'),
  ('authenticated', 'canned_responses', 'DELETE', '*'),
  ('authenticated', 'canned_responses', 'INSERT', 'body, organization_id, owner_id, shortcut, title'),
  ('authenticated', 'canned_responses', 'SELECT', '*'),
  ('authenticated', 'canned_responses', 'UPDATE', 'body, shortcut, title'),
  ('authenticated', 'labels', 'DELETE', '*'),
  ('authenticated', 'labels', 'INSERT', 'color, name, organization_id'),
  ('authenticated', 'labels', 'SELECT', '*'),
  ('authenticated', 'labels', 'UPDATE', 'color, name'),
  ('authenticated', 'conversation_labels', 'DELETE', '*'),
  ('authenticated', 'conversation_labels', 'INSERT', 'conversation_id, label_id, organization_id'),
  ('authenticated', 'conversation_labels', 'SELECT', '*'),
  ('authenticated', 'ticket_labels', 'DELETE', '*'),
  ('authenticated', 'ticket_labels', 'INSERT', 'label_id, organization_id, ticket_id'),
  ('authenticated', 'ticket_labels', 'SELECT', '*'),
  ('authenticated', 'business_hours', 'DELETE', '*'),
  ('authenticated', 'business_hours', 'INSERT', 'enabled, offline_message, organization_id, time_zone'),
  ('authenticated', 'business_hours', 'SELECT', '*'),
  ('authenticated', 'business_hours', 'UPDATE', 'enabled, offline_message, time_zone'),
  ('authenticated', 'business_hours_days', 'DELETE', '*'),
  ('authenticated', 'business_hours_days', 'INSERT', 'closes_at, opens_at, organization_id, weekday'),
  ('authenticated', 'business_hours_days', 'SELECT', '*'),
  ('authenticated', 'business_hours_days', 'UPDATE', 'closes_at, opens_at'),
  ('authenticated', 'holidays', 'DELETE', '*'),
  ('authenticated', 'holidays', 'INSERT', 'day, name, organization_id'),
  ('authenticated', 'holidays', 'SELECT', '*'),
  ('authenticated', 'holidays', 'UPDATE', 'day, name'),
  ('authenticated', 'sla_policies', 'DELETE', '*'),
  ('authenticated', 'sla_policies', 'INSERT', 'first_response_minutes, organization_id, priority, resolution_minutes'),
  ('authenticated', 'sla_policies', 'SELECT', '*'),
  ('authenticated', 'sla_policies', 'UPDATE', 'first_response_minutes, resolution_minutes'),
  ('authenticated', 'ticket_slas', 'SELECT', '*'),
  ('authenticated', 'profiles', 'DELETE', '*'),
  ('authenticated', 'profiles', 'INSERT', 'avatar_url, bio, display_name, expertise, languages, linkedin_url, opted_in, organization_id, title, user_id, work_email'),
  ('authenticated', 'profiles', 'SELECT', '*'),
  ('authenticated', 'profiles', 'UPDATE', 'avatar_url, bio, display_name, expertise, languages, linkedin_url, opted_in, title, work_email'),
  ('authenticated', 'saved_contacts', 'DELETE', '*'),
  ('authenticated', 'saved_contacts', 'INSERT', 'organization_id, profile_id, reason, session_id, user_id'),
  ('authenticated', 'saved_contacts', 'SELECT', '*'),
  ('authenticated', 'saved_contacts', 'UPDATE', 'email_clicked_at, email_clicks, linkedin_clicked_at, linkedin_clicks'),
  ('authenticated', 'article_mentions', 'DELETE', '*'),
  ('authenticated', 'article_mentions', 'INSERT', '*'),
  ('authenticated', 'article_mentions', 'SELECT', '*'),
  ('authenticated', 'article_proposals', 'SELECT', '*'),
  ('authenticated', 'article_versions', 'SELECT', '*'),
  ('authenticated', 'article_views', 'DELETE', '*'),
  ('authenticated', 'article_views', 'INSERT', '*'),
  ('authenticated', 'article_views', 'SELECT', '*'),
  ('authenticated', 'articles', 'DELETE', '*'),
  ('authenticated', 'articles', 'INSERT', '*'),
  ('authenticated', 'articles', 'SELECT', '*'),
  ('authenticated', 'articles', 'UPDATE', '*'),
  ('authenticated', 'channel_messages', 'SELECT', '*'),
  ('authenticated', 'conversation_metrics', 'SELECT', '*'),
  ('authenticated', 'conversation_reads', 'DELETE', '*'),
  ('authenticated', 'conversation_reads', 'INSERT', '*'),
  ('authenticated', 'conversation_reads', 'SELECT', '*'),
  ('authenticated', 'conversation_reads', 'UPDATE', 'last_read_at'),
  ('authenticated', 'conversation_transitions', 'SELECT', '*'),
  ('authenticated', 'conversations', 'DELETE', '*'),
  ('authenticated', 'conversations', 'INSERT', '*'),
  ('authenticated', 'conversations', 'SELECT', '*'),
  ('authenticated', 'conversations', 'UPDATE', 'agent_joined_at, agent_name, assignee_id, channel, created_at, escalated_at, escalated_reason, external_customer_id, id, is_escalated, is_resolved, last_message_at, organization_id, resolved_at, resolved_by, status, summary, updated_at, visitor_id, website_id'),
  ('authenticated', 'email_outbox', 'SELECT', '*'),
  ('authenticated', 'events', 'DELETE', '*'),
  ('authenticated', 'events', 'INSERT', '*'),
  ('authenticated', 'events', 'SELECT', '*'),
  ('authenticated', 'ingest_receipts', 'SELECT', '*'),
  ('authenticated', 'integrations', 'SELECT', '*'),
  ('authenticated', 'integrations', 'UPDATE', 'ai_enabled, display_name'),
  ('authenticated', 'invitations', 'DELETE', '*'),
  ('authenticated', 'invitations', 'INSERT', '*'),
  ('authenticated', 'invitations', 'SELECT', '*'),
  ('authenticated', 'invitations', 'UPDATE', '*'),
  ('authenticated', 'message_counts', 'SELECT', '*'),
  ('authenticated', 'messages', 'DELETE', '*'),
  ('authenticated', 'messages', 'INSERT', '*'),
  ('authenticated', 'messages', 'SELECT', '*'),
  ('authenticated', 'notification_preferences', 'DELETE', '*'),
  ('authenticated', 'notification_preferences', 'INSERT', '*'),
  ('authenticated', 'notification_preferences', 'SELECT', '*'),
  ('authenticated', 'notification_preferences', 'UPDATE', 'desk_alerts, escalation_emails'),
  ('authenticated', 'notifications', 'DELETE', '*'),
  ('authenticated', 'notifications', 'SELECT', '*'),
  ('authenticated', 'notifications', 'UPDATE', 'read_at'),
  ('authenticated', 'organization_domains', 'DELETE', '*'),
  ('authenticated', 'organization_domains', 'INSERT', 'domain, organization_id, role'),
  ('authenticated', 'organization_domains', 'SELECT', '*'),
  ('authenticated', 'organization_domains', 'UPDATE', 'role'),
  ('authenticated', 'organization_members', 'DELETE', '*'),
  ('authenticated', 'organization_members', 'SELECT', '*'),
  ('authenticated', 'organization_members', 'UPDATE', 'role'),
  ('authenticated', 'organizations', 'DELETE', '*'),
  ('authenticated', 'organizations', 'SELECT', '*'),
  ('authenticated', 'organizations', 'UPDATE', 'name, settings, slug, ticket_prefix'),
  ('authenticated', 'tickets', 'DELETE', '*'),
  ('authenticated', 'tickets', 'INSERT', '*'),
  ('authenticated', 'tickets', 'SELECT', '*'),
  ('authenticated', 'tickets', 'UPDATE', 'ai_context, assignee_id, customer_email, customer_name, priority, resolved_at, resolved_by, status, subject, website_id'),
  ('authenticated', 'users', 'SELECT', '*'),
  ('authenticated', 'users', 'UPDATE', 'avatar_url, name'),
  ('authenticated', 'visitor_sessions', 'SELECT', '*'),
  ('authenticated', 'webhook_deliveries', 'SELECT', '*'),
  ('authenticated', 'webhook_endpoints', 'DELETE', '*'),
  ('authenticated', 'webhook_endpoints', 'SELECT', '*'),
  ('authenticated', 'webhook_endpoints', 'UPDATE', 'description, enabled, events, url'),
  ('authenticated', 'visitors', 'DELETE', '*'),
  ('authenticated', 'visitors', 'INSERT', '*'),
  ('authenticated', 'visitors', 'SELECT', '*'),
  ('authenticated', 'visitors', 'UPDATE', '*'),
  ('authenticated', 'website_secrets', 'DELETE', '*'),
  ('authenticated', 'website_secrets', 'INSERT', '*'),
  ('authenticated', 'website_secrets', 'SELECT', '*'),
  ('authenticated', 'website_secrets', 'UPDATE', 'identity_secret'),
  ('authenticated', 'website_refused_origins', 'SELECT', '*'),
  ('authenticated', 'websites', 'DELETE', '*'),
  ('authenticated', 'websites', 'INSERT', 'allowed_origins, avatar_url, brand_color, domain, greeting, id, input_placeholder, launcher_icon, name, organization_id, widget_language, widget_position'),
  ('authenticated', 'websites', 'SELECT', '*'),
  ('authenticated', 'websites', 'UPDATE', 'allowed_origins, avatar_url, brand_color, domain, greeting, input_placeholder, launcher_icon, name, widget_language, widget_position');

-- Functions in public that anon may execute (directly or through PUBLIC): the visitor API.
create temp table expected_anon_functions (fn text);
insert into expected_anon_functions values
  ('help_center(text)'),
  ('help_center_enabled(uuid)'),
  ('ingest_batch(text, jsonb)'),
  ('ingest_authenticate(text, text)'),
  ('ingest_lookup(text, text[])'),
  ('widget_appearance(text, text)'),
  ('widget_chat_turn(text, text, text, integer)'),
  ('widget_escalate(text, text, text, text)'),
  ('widget_identify(text, text, text, text)'),
  ('widget_messages(text, timestamp with time zone)'),
  ('widget_rate_answer(text, uuid, integer)'),
  ('widget_rate_conversation(text, integer, text)'),
  ('widget_request_transcript(text)'),
  ('widget_record_refused_origin(text, text)'),
  ('widget_start_session(text, text, text)');

-- What the catalog grants: table ACLs and column ACLs of every relation in public (tables, views,
-- sequences…), to anon, authenticated and PUBLIC (which anon and authenticated inherit).
create temp view granted_privileges as
  select * from (
    select case a.grantee when 0 then 'public' else pg_get_userbyid(a.grantee)::text end as role,
           c.relname::text as tbl, a.privilege_type as privilege, '*' as columns
    from pg_class c, aclexplode(c.relacl) a
    where c.relnamespace = 'public'::regnamespace
    union all
    select case a.grantee when 0 then 'public' else pg_get_userbyid(a.grantee)::text end,
           c.relname::text, a.privilege_type, string_agg(att.attname::text, ', ' order by att.attname)
    from pg_class c join pg_attribute att on att.attrelid = c.oid and not att.attisdropped, aclexplode(att.attacl) a
    where c.relnamespace = 'public'::regnamespace
    group by 1, 2, 3
  ) g
  where role in ('anon', 'authenticated', 'public');
create temp view executable_functions as
  select r.role, format('%s(%s)', p.proname, oidvectortypes(p.proargtypes)) as fn
  from pg_proc p, (values ('anon'), ('authenticated')) r(role)
  where p.pronamespace = 'public'::regnamespace and has_function_privilege(r.role, p.oid, 'execute');

select set_eq($$ select role, tbl, privilege, columns from granted_privileges where role = 'anon' $$,
  $$ select role, tbl, privilege, columns from expected_privileges where role = 'anon' $$,
  'anon holds exactly the listed table and column privileges in public');
select set_eq($$ select role, tbl, privilege, columns from granted_privileges where role = 'authenticated' $$,
  $$ select role, tbl, privilege, columns from expected_privileges where role = 'authenticated' $$,
  'authenticated holds exactly the listed table and column privileges in public');
select is_empty($$ select tbl, privilege, columns from granted_privileges where role = 'public' $$,
  'PUBLIC holds no table or column privilege in public');
select set_eq($$ select fn from executable_functions where role = 'anon' $$, $$ select fn from expected_anon_functions $$,
  'anon executes exactly the listed functions in public');

-- the regressions a re-granting `stack up` brought back (issue 10, item 2)
select ok(not has_column_privilege('authenticated', 'public.api_keys', 'key_hash', 'select'),
  'authenticated cannot read api_keys.key_hash');
select ok(not has_column_privilege('authenticated', 'public.organizations', 'ticket_seq', 'update'),
  'authenticated cannot reset organizations.ticket_seq');
select ok(not has_column_privilege('authenticated', 'public.tickets', 'number', 'update')
  and not has_column_privilege('authenticated', 'public.tickets', 'ref', 'update'),
  'authenticated cannot renumber tickets');
select ok(not has_table_privilege('authenticated', 'public.tickets', 'truncate'),
  'authenticated cannot truncate a table (TRUNCATE ignores RLS)');

-- a table and a function created later, as migrations create them (by postgres), start closed
create table public.privileges_probe (id bigint generated always as identity primary key, note text);
create function public.privileges_probe_fn() returns int language sql set search_path = '' as $$ select 1 $$;
select is_empty($$ select privilege from granted_privileges where tbl = 'privileges_probe' and role in ('anon', 'public') $$,
  'a new table grants anon nothing');
select set_eq($$ select privilege from granted_privileges where tbl = 'privileges_probe' and role = 'authenticated' $$,
  array['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  'a new table grants authenticated only select, insert, update and delete (RLS decides the rows)');
select is_empty($$ select 1 from pg_class c, aclexplode(c.relacl) a
    where c.oid = pg_get_serial_sequence('public.privileges_probe', 'id')::regclass
      and (a.grantee = 0 or pg_get_userbyid(a.grantee) = 'anon') $$,
  'a new sequence grants anon nothing');
select is_empty($$ select role from executable_functions where fn = 'privileges_probe_fn()' $$,
  'a new function is executable by neither anon nor authenticated');

select * from finish();
rollback;
