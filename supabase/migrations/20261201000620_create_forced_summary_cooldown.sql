-- "Summarize now" with "also rewrite existing summaries" (force) sends every finished
-- conversation of the organization to the model again, so an admin (or a leaked admin session)
-- pressing it in a loop spends the organization's model budget without bound. A forced run is
-- therefore allowed once per organization per cooldown; the timestamp lives in Postgres so the
-- rule holds across function instances and for direct RPC calls alike.

create table private.forced_summary_runs (
  organization_id uuid primary key references public.organizations (id) on delete cascade,
  last_run_at timestamptz not null
);
comment on table private.forced_summary_runs is
  'When each organization last ran a forced summary job (public.summary_candidates with p_force by an admin); see private.claim_forced_summary.';

-- Not in an exposed schema; only the definer function below touches it.
revoke all on private.forced_summary_runs from public, anon, authenticated, service_role;

-- Claim the organization's forced run: records now() and returns, or raises PT429 with the
-- seconds to wait in the hint (retry-after=N, which the functions turn into Retry-After). The
-- scheduler (service role) is not limited: it is the operator's own job.
create function private.claim_forced_summary(p_org uuid) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  cooldown constant interval := interval '10 minutes';
  claimed uuid;
  last_run timestamptz;
begin
  if coalesce(auth.role(), '') = 'service_role' then
    return;
  end if;
  insert into private.forced_summary_runs as r (organization_id, last_run_at) values (p_org, now())
  on conflict (organization_id) do update set last_run_at = excluded.last_run_at
    where r.last_run_at <= now() - cooldown
  returning r.organization_id into claimed;
  if claimed is null then
    select r.last_run_at into last_run from private.forced_summary_runs r where r.organization_id = p_org;
    raise exception 'summaries were rewritten recently: one forced run per % minutes', extract(epoch from cooldown)::integer / 60
      using errcode = 'PT429',
            hint = 'retry-after=' || greatest(1, ceil(extract(epoch from (last_run + cooldown - now()))))::integer;
  end if;
end
$$;
comment on function private.claim_forced_summary(uuid) is
  'Forced summary cooldown: one forced run per organization per 10 minutes (the service role is exempt). '
  'Raises PT429 (hint retry-after=N seconds) inside the cooldown.';
revoke all on function private.claim_forced_summary(uuid) from public, anon, authenticated, service_role;
grant execute on function private.claim_forced_summary(uuid) to concierge_jobs;
