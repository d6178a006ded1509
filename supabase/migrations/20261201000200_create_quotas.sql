-- Quotas that hold in Postgres whoever calls: a public website key is enough to call
-- widget_start_session and widget_escalate through PostgREST with the anon key, so per-IP counters
-- in an Edge Function's memory cannot stop a flood of visitors, conversations and tickets in
-- someone's help desk, nor of paid model calls. These limits count per website (new sessions,
-- escalations) and per organization (AI turns), in fixed windows aligned to UTC.
--
-- Exceeded: SQLSTATE PT429 (PostgREST answers HTTP 429 itself) with hint 'retry-after=<seconds
-- until the window ends> quota=<name>', which the Edge Functions turn into a Retry-After header
-- and the error code quota_exceeded.

-- Per-organization overrides. In private, not in organizations.settings: an organization's admins
-- may edit settings, and the AI budget is the operator's cost, so only the operator (SQL as the
-- database owner) sets these. A null column means the default of private.quota_limit().
create table private.organization_quotas (
  organization_id uuid primary key references public.organizations (id) on delete cascade,
  sessions_per_minute integer,
  sessions_per_day integer,
  escalations_per_hour integer,
  ai_turns_per_day integer,
  updated_at timestamptz not null default now(),
  constraint organization_quotas_range check (
    coalesce(sessions_per_minute, 0) between 0 and 100000000
    and coalesce(sessions_per_day, 0) between 0 and 100000000
    and coalesce(escalations_per_hour, 0) between 0 and 100000000
    and coalesce(ai_turns_per_day, 0) between 0 and 100000000
  )
);
comment on table private.organization_quotas is
  'Operator-set quota overrides per organization (null column = default; 0 = nothing allowed). '
  'Defaults and meaning in private.quota_limit(); not reachable through the API.';

create trigger organization_quotas_touch_updated_at before update on private.organization_quotas
  for each row execute function private.touch_updated_at();

-- Fixed-window hit counters: one row per (quota, subject, window), bumped with
-- insert … on conflict do update, so concurrent callers serialize on one row and never lose a hit.
create table private.quota_counters (
  quota text not null,
  subject uuid not null,
  window_start timestamptz not null,
  hits integer not null,
  primary key (quota, subject, window_start)
);
comment on table private.quota_counters is
  'Fixed-window counters of private.quota_take(); only the current and previous window of a subject are kept.';

-- Nothing in the API reaches either table (authenticated has usage on schema private).
alter table private.organization_quotas enable row level security;
alter table private.quota_counters enable row level security;
revoke all on private.organization_quotas, private.quota_counters from public, anon, authenticated, service_role;

create function private.quota_limit(p_organization_id uuid, p_quota text) returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  -- safe defaults: far above a real website's traffic, low enough to bound a scripted flood
  defaults constant jsonb := '{"sessions_per_minute": 120, "sessions_per_day": 20000, '
    '"escalations_per_hour": 100, "ai_turns_per_day": 5000}';
  overrides jsonb;
begin
  if not defaults ? p_quota then
    raise exception 'unknown quota %', p_quota using errcode = '22023';
  end if;
  select to_jsonb(q) into overrides from private.organization_quotas q where q.organization_id = p_organization_id;
  return coalesce((overrides ->> p_quota)::integer, (defaults ->> p_quota)::integer);
end
$$;
comment on function private.quota_limit(uuid, text) is
  'Effective limit of a quota for an organization: its private.organization_quotas override, else the default '
  '(sessions_per_minute 120 and sessions_per_day 20000 new widget sessions per website, escalations_per_hour 100 '
  'tickets per website, ai_turns_per_day 5000 AI answers per organization).';

-- Counts one hit; 0 when within the limit, else the seconds until the window ends.
create function private.quota_take(p_quota text, p_subject uuid, p_limit integer, p_window_seconds integer) returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  w_start timestamptz := to_timestamp(floor(extract(epoch from now()) / p_window_seconds) * p_window_seconds);
  n integer;
begin
  insert into private.quota_counters as c (quota, subject, window_start, hits)
  values (p_quota, p_subject, w_start, 1)
  on conflict (quota, subject, window_start) do update set hits = c.hits + 1
  returning c.hits into n;
  -- the first hit of a window drops the subject's older windows (cheap: a primary-key prefix)
  if n = 1 then
    delete from private.quota_counters
    where quota = p_quota and subject = p_subject and window_start < w_start;
  end if;
  if n <= p_limit then
    return 0;
  end if;
  return greatest(1, ceil(extract(epoch from w_start + make_interval(secs => p_window_seconds) - now())))::integer;
end
$$;
comment on function private.quota_take(text, uuid, integer, integer) is
  'Counts a hit of p_quota for p_subject in the current fixed window of p_window_seconds (aligned to the epoch, UTC); '
  'returns 0 within p_limit, else the seconds until the window ends.';

-- Raises PT429 when a hit is over the organization's limit (the raise also undoes the hit).
create function private.quota_enforce(p_organization_id uuid, p_quota text, p_subject uuid, p_window_seconds integer, p_what text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  lim integer := private.quota_limit(p_organization_id, p_quota);
  retry integer := private.quota_take(p_quota, p_subject, lim, p_window_seconds);
begin
  if retry > 0 then
    raise exception 'quota exceeded: at most % % (%); try again in % s', lim, p_what, p_quota, retry
      using errcode = 'PT429', hint = 'retry-after=' || retry || ' quota=' || p_quota;
  end if;
end
$$;
comment on function private.quota_enforce(uuid, text, uuid, integer, text) is
  'Counts one hit of a quota and raises PT429 (HTTP 429, hint retry-after=<s> quota=<name>) when it is over the organization''s limit.';

-- A new widget session: every path that opens one (widget_start_session and any later one)
-- inserts exactly one visitor_sessions row, while resuming inserts none.
create function private.visitor_sessions_enforce_quota() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.quota_enforce(new.organization_id, 'sessions_per_minute', new.website_id, 60, 'new sessions per website per minute');
  perform private.quota_enforce(new.organization_id, 'sessions_per_day', new.website_id, 86400, 'new sessions per website per day');
  return new;
end
$$;
comment on function private.visitor_sessions_enforce_quota() is
  'BEFORE INSERT on visitor_sessions: new widget sessions per website per minute and per day (PT429 beyond).';

create trigger visitor_sessions_enforce_quota before insert on public.visitor_sessions
  for each row execute function private.visitor_sessions_enforce_quota();

-- An escalation: widget_escalate inserts one ticket for the website (tickets without a website,
-- such as ones an agent files by hand, are not escalations from a website and are not counted).
create function private.tickets_enforce_quota() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.website_id is not null then
    perform private.quota_enforce(new.organization_id, 'escalations_per_hour', new.website_id, 3600, 'escalations per website per hour');
  end if;
  return new;
end
$$;
comment on function private.tickets_enforce_quota() is
  'BEFORE INSERT on tickets: tickets of a website per hour (PT429 beyond).';

create trigger tickets_enforce_quota before insert on public.tickets
  for each row execute function private.tickets_enforce_quota();

revoke all on function
  private.quota_limit(uuid, text),
  private.quota_take(text, uuid, integer, integer),
  private.quota_enforce(uuid, text, uuid, integer, text),
  private.visitor_sessions_enforce_quota(),
  private.tickets_enforce_quota()
  from public, anon, authenticated, service_role;
