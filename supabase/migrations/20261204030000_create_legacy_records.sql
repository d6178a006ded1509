-- Legacy import (issue 14, seeds 002-004): the account-scoped system being replaced kept, on every
-- integration, conversation and message, the account that owned or handled it (accountId), and
-- staff accounts pointed at their admin (parent_account_id). `npm run import:legacy` moves each
-- admin's data into an organization; this table remembers, per organization, which Concierge row
-- every legacy record became and which legacy account owned it.
--
-- Why one private mapping table rather than legacy_* columns on the imported tables: the audit
-- ids are the operator's, not the members' (no grant, nothing to leak or to spoof through
-- PostgREST, where authenticated inserts messages and conversations), the live tables keep their
-- shape, and the same rows make the importer idempotent and resumable: a record already listed
-- here is skipped, so a second run changes nothing and a run stopped half way picks up where the
-- last committed organization left off.
create table private.legacy_records (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  kind text not null,
  legacy_id text not null,
  legacy_account_id text,
  record_id text,
  details jsonb not null default '{}',
  imported_at timestamptz not null default now(),
  primary key (organization_id, kind, legacy_id),
  constraint legacy_records_kind check (kind in ('account', 'integration', 'conversation', 'message')),
  constraint legacy_records_legacy_id_length check (char_length(legacy_id) between 1 and 200),
  constraint legacy_records_legacy_account_id_length check (char_length(legacy_account_id) between 1 and 200),
  constraint legacy_records_details_object check (pg_catalog.jsonb_typeof(details) = 'object'),
  -- an imported row always names what it became; an account may still wait for its person to sign up
  constraint legacy_records_record_id check (kind = 'account' or record_id is not null)
);
comment on table private.legacy_records is
  'Legacy import audit and progress: each legacy account (record_id = the Concierge user id once they have one), integration, conversation and message (record_id = the row id), with the legacy account that owned or handled it.';
comment on column private.legacy_records.legacy_account_id is
  'The legacy accountId: for an account its parent admin (itself for an admin), for the rest the account that owned / handled / sent it.';
comment on column private.legacy_records.details is
  'What the legacy record said that has no Concierge column: an account''s role and email, a conversation''s unread_count.';

-- Which organization a legacy admin account became: the importer's first lookup, across tenants.
create index legacy_records_kind_legacy_id_idx on private.legacy_records (kind, legacy_id);
-- "What did legacy account X own or handle" (audit), within an organization.
create index legacy_records_legacy_account_idx on private.legacy_records (organization_id, legacy_account_id, kind);

create trigger legacy_records_keep_organization_id before update on private.legacy_records
  for each row execute function private.keep_organization_id();

-- Nobody but the importer (the database owner over a direct connection) reads or writes it.
alter table private.legacy_records enable row level security;
revoke all on private.legacy_records from public, anon, authenticated, service_role;
