-- Every table gets row level security, private ones included: private.forced_summary_runs is
-- reached only through private.claim_forced_summary (owned by the table's owner, so RLS does not
-- apply to it), and with RLS on and no policy, a grant added by mistake would still expose no row.
set local lock_timeout = '5s';

alter table private.forced_summary_runs enable row level security;
