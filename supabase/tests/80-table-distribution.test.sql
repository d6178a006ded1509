-- How every table would be placed if the database were distributed by organization with Citus
-- (README, "Scaling"). A table of public or private missing from this list fails the first
-- assertion, so a new table has to choose:
--   organization  distributed (sharded) by its tenant column, co-located with every other one:
--                 organization_id, or id for organizations itself;
--   reference     small and shared by all tenants, copied whole to every node;
--   coordinator   tenant-less bookkeeping that only server jobs touch, kept on the coordinator
--                 (a Citus local table) because copying each write to every node would cost more
--                 than it saves.
-- The rules below are the ones Citus enforces when the tables are distributed, checked today.
begin;
select plan(8);

create temp table distribution (table_name text primary key, kind text not null, tenant_column text);
insert into distribution (table_name, kind, tenant_column) values
  ('public.organizations', 'organization', 'id'),
  ('public.organization_members', 'organization', 'organization_id'),
  ('public.invitations', 'organization', 'organization_id'),
  ('public.organization_domains', 'organization', 'organization_id'),
  ('public.websites', 'organization', 'organization_id'),
  ('public.website_secrets', 'organization', 'organization_id'),
  ('public.visitors', 'organization', 'organization_id'),
  ('public.visitor_sessions', 'organization', 'organization_id'),
  ('public.conversations', 'organization', 'organization_id'),
  ('public.messages', 'organization', 'organization_id'),
  ('public.tickets', 'organization', 'organization_id'),
  ('public.articles', 'organization', 'organization_id'),
  ('public.article_chunks', 'organization', 'organization_id'),
  ('public.article_versions', 'organization', 'organization_id'),
  ('public.api_keys', 'organization', 'organization_id'),
  ('public.events', 'organization', 'organization_id'),
  ('public.article_views', 'organization', 'organization_id'),
  ('public.answer_feedback', 'organization', 'organization_id'),
  ('public.csat_ratings', 'organization', 'organization_id'),
  ('public.article_proposals', 'organization', 'organization_id'),
  ('public.article_mentions', 'organization', 'organization_id'),
  ('public.ingest_receipts', 'organization', 'organization_id'),
  ('public.conversation_metrics', 'organization', 'organization_id'),
  ('public.message_counts', 'organization', 'organization_id'),
  ('private.organization_quotas', 'organization', 'organization_id'),
  ('private.forced_summary_runs', 'organization', 'organization_id'),
  ('private.retired_website_keys', 'organization', 'organization_id'),
  ('public.notification_preferences', 'organization', 'organization_id'),
  ('public.conversation_transitions', 'organization', 'organization_id'),
  ('public.conversation_reads', 'organization', 'organization_id'),
  ('public.website_refused_origins', 'organization', 'organization_id'),
  ('public.email_outbox', 'organization', 'organization_id'),
  ('private.email_suppressions', 'organization', 'organization_id'),
  ('public.integrations', 'organization', 'organization_id'),
  ('private.integration_secrets', 'organization', 'organization_id'),
  ('public.channel_messages', 'organization', 'organization_id'),
  ('public.webhook_endpoints', 'organization', 'organization_id'),
  ('private.webhook_secrets', 'organization', 'organization_id'),
  ('public.webhook_deliveries', 'organization', 'organization_id'),
  ('public.notifications', 'organization', 'organization_id'),
  ('public.profiles', 'organization', 'organization_id'),
  ('public.chat_sessions', 'organization', 'organization_id'),
  ('public.canned_responses', 'organization', 'organization_id'),
  ('public.labels', 'organization', 'organization_id'),
  ('public.conversation_labels', 'organization', 'organization_id'),
  ('public.ticket_labels', 'organization', 'organization_id'),
  ('public.business_hours', 'organization', 'organization_id'),
  ('public.business_hours_days', 'organization', 'organization_id'),
  ('public.holidays', 'organization', 'organization_id'),
  ('public.sla_policies', 'organization', 'organization_id'),
  ('public.chat_messages', 'organization', 'organization_id'),
  ('public.saved_contacts', 'organization', 'organization_id'),
  -- the legacy import's audit: each record under the organization it was imported into
  ('private.legacy_records', 'organization', 'organization_id'),
  -- the Clerk outbox names the organization whose change it carries to Clerk
  ('private.clerk_outbox', 'organization', 'organization_id'),
  -- a person belongs to many organizations: every node needs every user the rows there name
  ('public.users', 'reference', null),
  -- written per webhook delivery and per rate-limited request, read only by their own functions
  ('private.clerk_webhook_deliveries', 'coordinator', null),
  ('private.quota_counters', 'coordinator', null),
  -- one row: whether the Clerk outbox is drained (Clerk mode) or off (local mode)
  ('private.clerk_sync_state', 'coordinator', null);

create temp view placed as
  select c.oid, d.table_name, d.kind, d.tenant_column
  from distribution d join pg_class c on c.oid = to_regclass(d.table_name);

select is_empty($$
  select n.nspname || '.' || c.relname
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname in ('public', 'private') and c.relkind in ('r', 'p') and not c.relispartition
  except
  select table_name from distribution $$,
  'every table of public and private is listed as organization, reference or coordinator (supabase/tests/80-table-distribution.test.sql)');

select is_empty($$ select table_name from distribution where to_regclass(table_name) is null $$,
  'every listed table exists');

select is_empty($$ select table_name from distribution where kind not in ('organization', 'reference', 'coordinator')
  or (kind = 'organization') <> (tenant_column is not null) $$,
  'each table has one kind, and only distributed tables name a tenant column');

select is_empty($$
  select p.table_name from placed p
  where p.kind = 'organization'
    and not exists (select 1 from pg_attribute a where a.attrelid = p.oid and a.attname = p.tenant_column
                    and a.atttypid = 'uuid'::regtype and a.attnotnull and not a.attisdropped) $$,
  'every distributed table has its tenant column, uuid not null');

select is_empty($$
  select p.table_name from placed p
  where p.kind <> 'organization'
    and exists (select 1 from pg_attribute a where a.attrelid = p.oid and a.attname = 'organization_id' and not a.attisdropped) $$,
  'a table that carries organization_id is distributed by it, not copied to every node');

-- Citus refuses a primary key or unique index of a distributed table without its distribution
-- column. A primary key on id alone beside a unique (id, organization_id) is swapped for it
-- mechanically; the rest is listed here, each to be changed before distributing (README,
-- "Scaling"): two primary keys on id alone (visitor sessions, the Clerk outbox), and the keys looked up across tenants (slug, Clerk id,
-- the widget's public and retired keys, a visitor session's token, an API key's hash, a verified
-- domain, a channel's page / OA id), which need a reference lookup table or a key that names its organization.
select set_eq($$
  select split_part(p.table_name, '.', 1) || '.' || ic.relname from placed p join pg_index i on i.indrelid = p.oid
  join pg_class ic on ic.oid = i.indexrelid
  where p.kind = 'organization' and i.indisunique
    and not exists (select 1 from unnest(i.indkey) col join pg_attribute a on a.attrelid = p.oid and a.attnum = col
                    where a.attname = p.tenant_column)
    and not (i.indisprimary and exists (
      select 1 from pg_index u where u.indrelid = p.oid and u.indisunique and not u.indisprimary and u.indpred is null
        and (select array_agg(a.attname::text order by a.attname) from unnest(u.indkey) col
             join pg_attribute a on a.attrelid = p.oid and a.attnum = col)
          = (select array_agg(x order by x) from unnest(array['id', p.tenant_column]) x))) $$,
  array['public.visitor_sessions_pkey', 'private.clerk_outbox_pkey', 'public.organizations_slug_key',
        'public.organizations_clerk_org_id_key', 'public.websites_public_key_key', 'private.retired_website_keys_pkey',
        'public.visitor_sessions_token_hash_key', 'public.api_keys_key_hash_key', 'public.organization_domains_verified_domain_idx',
        'public.integrations_platform_external_id_idx'],
  'the unique keys of distributed tables without their tenant column are exactly the ones the README lists to change');

-- Between two distributed tables a foreign key must pair the two tenant columns (co-location).
select is_empty($$
  select k.conrelid::regclass, k.conname from pg_constraint k
  join placed src on src.oid = k.conrelid and src.kind = 'organization'
  join placed dst on dst.oid = k.confrelid and dst.kind = 'organization'
  where k.contype = 'f'
    and not exists (select 1 from unnest(k.conkey, k.confkey) as pair(src_col, dst_col)
                    join pg_attribute sa on sa.attrelid = k.conrelid and sa.attnum = pair.src_col
                    join pg_attribute da on da.attrelid = k.confrelid and da.attnum = pair.dst_col
                    where sa.attname = src.tenant_column and da.attname = dst.tenant_column) $$,
  'every foreign key between distributed tables pairs their tenant columns');

-- A reference table may point only at reference tables, a coordinator table not at distributed
-- ones, and a distributed table not at coordinator ones: Citus refuses the other directions.
select is_empty($$
  select k.conrelid::regclass, k.conname, src.kind, dst.kind from pg_constraint k
  join placed src on src.oid = k.conrelid
  join placed dst on dst.oid = k.confrelid
  where k.contype = 'f'
    and ((src.kind = 'reference' and dst.kind <> 'reference')
      or (src.kind = 'coordinator' and dst.kind = 'organization')
      or (src.kind = 'organization' and dst.kind = 'coordinator')) $$,
  'no foreign key Citus would refuse between reference, coordinator and distributed tables');

select * from finish();
rollback;
