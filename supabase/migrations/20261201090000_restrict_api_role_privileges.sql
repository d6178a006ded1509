-- Least privilege for the API roles in public. A hosted project (and scripts/stack/platform.sql,
-- which copies it) grants anon, authenticated and service_role every privilege on every table and
-- sequence `postgres` creates in public, leaving RLS alone to decide. This closes what no caller
-- needs, for the tables that exist and, through default privileges, for every table created later.
-- A migration that wants anon (or a closed privilege) on a table must grant it after this one.

-- anon: no table has an anon policy. Visitors reach their rows only through the security definer
-- widget_* and ingest_* RPCs, which run as their owner and need no table privilege of anon's. A
-- privilege-less anon gets "permission denied" instead of relying on RLS to return nothing.
revoke all on all tables in schema public from anon;
revoke all on all sequences in schema public from anon;

-- authenticated: TRUNCATE bypasses RLS (it empties the whole table, every organization's rows);
-- TRIGGER, REFERENCES and MAINTAIN (vacuum, analyze, lock table…) serve no API call. Reads and
-- writes stay as the earlier migrations granted them, table by table and column by column.
revoke truncate, trigger, references, maintain on all tables in schema public from authenticated;

-- New tables start closed for anon and without those four for authenticated; their migration
-- grants exactly what a policy needs. Functions are already closed by default (20261123000100).
alter default privileges for role postgres in schema public revoke all on tables from anon;
alter default privileges for role postgres in schema public revoke all on sequences from anon;
alter default privileges for role postgres in schema public
  revoke truncate, trigger, references, maintain on tables from authenticated;
