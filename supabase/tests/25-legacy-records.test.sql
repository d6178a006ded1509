-- private.legacy_records, the legacy import's audit and progress table (issue 14): the importer
-- alone (the database owner) reads and writes it; no API role reaches it.
begin;
select plan(16);

select has_table('private', 'legacy_records', 'the table exists');
select col_is_pk('private', 'legacy_records', array['organization_id', 'kind', 'legacy_id'], 'keyed by organization, kind and legacy id');
select has_index('private', 'legacy_records', 'legacy_records_kind_legacy_id_idx', array['kind', 'legacy_id'],
  'indexed by legacy id across organizations (which organization an admin account became)');
select has_index('private', 'legacy_records', 'legacy_records_legacy_account_idx', array['organization_id', 'legacy_account_id', 'kind'],
  'indexed by legacy account within an organization (what an account owned)');
select ok((select relrowsecurity from pg_class where oid = 'private.legacy_records'::regclass), 'row level security is enabled');
select ok(not exists (select 1 from (values ('anon'), ('authenticated'), ('service_role')) r(role),
                      (values ('select'), ('insert'), ('update'), ('delete')) p(priv)
                      where has_table_privilege(r.role, 'private.legacy_records', p.priv)),
  'no API role holds a privilege on it');

insert into private.legacy_records (organization_id, kind, legacy_id, legacy_account_id, record_id, details) values
  ('a0000000-0000-4000-8000-000000000001', 'account', 'admin-acme', 'admin-acme', 'user_acme_owner', '{"role": "admin"}'),
  ('b0000000-0000-4000-8000-000000000001', 'account', 'admin-globex', 'admin-globex', 'user_globex_owner', '{"role": "admin"}');

-- another organization's member, a visitor (anon) and an owner of the organization: all refused
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select throws_ok($$ select * from private.legacy_records where organization_id = 'a0000000-0000-4000-8000-000000000001' $$, '42501', null,
  'a Globex owner cannot read Acme''s legacy records');
select throws_ok($$ insert into private.legacy_records (organization_id, kind, legacy_id, record_id)
  values ('a0000000-0000-4000-8000-000000000001', 'message', 'forged', 'x') $$, '42501', null,
  'nor write one into Acme');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select * from private.legacy_records $$, '42501', null, 'an Acme owner cannot read its own (the audit is the operator''s)');
select throws_ok($$ update private.legacy_records set legacy_account_id = 'someone-else' $$, '42501', null, 'nor rewrite who owned a record');
select throws_ok($$ delete from private.legacy_records $$, '42501', null, 'nor delete one');
select tests.authenticate_as_anon();
select throws_ok($$ select * from private.legacy_records $$, '42501', null, 'anon cannot read it');
select tests.clear_authentication();

-- its own rules
select throws_ok($$ update private.legacy_records set organization_id = 'b0000000-0000-4000-8000-000000000001' where legacy_id = 'admin-acme' $$,
  '42501', null, 'a record never moves to another organization');
select throws_ok($$ insert into private.legacy_records (organization_id, kind, legacy_id, record_id)
  values ('a0000000-0000-4000-8000-000000000001', 'ticket', 't1', 'x') $$, '23514', null, 'only the four kinds exist');
select throws_ok($$ insert into private.legacy_records (organization_id, kind, legacy_id)
  values ('a0000000-0000-4000-8000-000000000001', 'message', 'm1') $$, '23514', null,
  'an imported row always names what it became (only an account may wait for its person)');
select throws_ok($$ insert into private.legacy_records (organization_id, kind, legacy_id, legacy_account_id, record_id)
  values ('a0000000-0000-4000-8000-000000000001', 'account', 'admin-acme', 'admin-acme', null) $$, '23505', null,
  'a legacy record is imported once per organization');

select * from finish();
rollback;
