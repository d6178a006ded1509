-- SLA policies (issue 17): per organization and ticket priority, how soon a first agent reply and a
-- resolution are due. The clocks run in business time (20261205000000_create_business_hours.sql):
-- when an organization's hours are enabled, nights, weekends and holidays do not count.
--
-- Deadlines are not stored: public.ticket_slas computes them when read, so a change of priority,
-- policy or business hours shows at once with nothing to recompute.

create table public.sla_policies (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  priority public.ticket_priority not null,
  -- minutes of business time; null: no target (a year at most keeps deadlines in the window
  -- business_time_add looks ahead)
  first_response_minutes integer check (first_response_minutes between 1 and 525600),
  resolution_minutes integer check (resolution_minutes between 1 and 525600),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, priority)
);
comment on table public.sla_policies is
  'Per organization and ticket priority: first-response and resolution targets in business minutes (null, or no row: no target).';

create trigger sla_policies_keep_organization_id before update on public.sla_policies
  for each row execute function private.keep_organization_id();
create trigger sla_policies_touch_updated_at before update on public.sla_policies
  for each row execute function private.touch_updated_at();

alter table public.sla_policies enable row level security;

-- select(sla_policies): members read their org's targets (the timers on every ticket use them)
create policy sla_policies_select on public.sla_policies for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')));
-- insert(sla_policies): admins set a priority's targets
create policy sla_policies_insert on public.sla_policies for insert to authenticated
  with check (organization_id = (select private.org_with_role('admin')));
-- update(sla_policies): admins change the targets
create policy sla_policies_update on public.sla_policies for update to authenticated
  using (organization_id = (select private.org_with_role('admin')))
  with check (organization_id = (select private.org_with_role('admin')));
-- delete(sla_policies): admins remove a priority's targets
create policy sla_policies_delete on public.sla_policies for delete to authenticated
  using (organization_id = (select private.org_with_role('admin')));

revoke all on table public.sla_policies from anon, authenticated;
grant select, delete on table public.sla_policies to authenticated;
grant insert (organization_id, priority, first_response_minutes, resolution_minutes) on table public.sla_policies to authenticated;
grant update (first_response_minutes, resolution_minutes) on table public.sla_policies to authenticated;

-- The working-time functions are service_role only; these wrappers let a member's query use them
-- for the organization the member's token is active in, and nothing else.
create function private.sla_due_at(p_org uuid, p_start timestamptz, p_minutes integer) returns timestamptz
language sql
stable
security definer
set search_path = ''
as $$
  select case when p_minutes is not null and p_org = (select private.org_with_role('viewer'))
    then private.business_time_add(p_org, p_start, p_minutes * 60.0) end;
$$;
comment on function private.sla_due_at(uuid, timestamptz, integer) is
  'SLA deadline: p_minutes of the organization''s business time after p_start; null without a target or outside the caller''s active organization.';

-- Signed business seconds from now to p_due: positive while time is left, negative once past.
create function private.sla_seconds_left(p_org uuid, p_due timestamptz) returns double precision
language sql
stable
security definer
set search_path = ''
as $$
  select case when p_due is not null and p_org = (select private.org_with_role('viewer')) then
    case when p_due >= now() then private.business_seconds_between(p_org, now(), p_due)
         else -private.business_seconds_between(p_org, p_due, now()) end
  end;
$$;
comment on function private.sla_seconds_left(uuid, timestamptz) is
  'Business seconds from now to p_due (negative when past); null outside the caller''s active organization.';

revoke all on function private.sla_due_at(uuid, timestamptz, integer) from public, anon;
revoke all on function private.sla_seconds_left(uuid, timestamptz) from public, anon;
grant execute on function private.sla_due_at(uuid, timestamptz, integer) to authenticated, service_role;
grant execute on function private.sla_seconds_left(uuid, timestamptz) to authenticated, service_role;

-- Each ticket's two clocks. Both start at the ticket's creation: a reopened ticket keeps its
-- original start (the lifecycle reopens the same ticket, and its customer has waited since then).
-- The first response is the first agent message the customer saw in the ticket's conversation at
-- or after the ticket was created (an agent who wrote before the escalation had not answered the
-- ticket); tickets have no replies of their own, so one without a conversation waits until it is
-- resolved. Resolution is met by resolved_at (set on resolved and closed, cleared on reopening).
-- Security invoker: tickets, messages and sla_policies are read under the member's RLS.
create view public.ticket_slas with (security_invoker = on) as
select
  t.id, t.organization_id, t.ref, t.subject, t.original_query, t.customer_name, t.customer_email,
  t.website_id, t.assignee_id, t.status, t.priority, t.created_at, t.resolved_at,
  p.first_response_minutes, p.resolution_minutes,
  d.first_response_due_at, r.first_response_at,
  coalesce(coalesce(r.first_response_at, now()) > d.first_response_due_at, false) as first_response_breached,
  d.resolution_due_at,
  coalesce(coalesce(t.resolved_at, now()) > d.resolution_due_at, false) as resolution_breached,
  coalesce(coalesce(r.first_response_at, now()) > d.first_response_due_at, false)
    or coalesce(coalesce(t.resolved_at, now()) > d.resolution_due_at, false) as breached,
  n.next_due_at,
  n.next_target_minutes,
  l.seconds_left,
  -- due soon: still in time with less than a quarter of the target left
  coalesce(l.seconds_left > 0 and l.seconds_left < n.next_target_minutes * 15.0, false) as due_soon
from public.tickets t
left join public.sla_policies p on p.organization_id = t.organization_id and p.priority = t.priority
cross join lateral (
  select min(m.created_at) as first_response_at
  from public.messages m
  where m.conversation_id = t.conversation_id and m.organization_id = t.organization_id
    and m.sender_type = 'agent' and not m.is_internal and m.created_at >= t.created_at
) r
cross join lateral (
  select private.sla_due_at(t.organization_id, t.created_at, p.first_response_minutes) as first_response_due_at,
         private.sla_due_at(t.organization_id, t.created_at, p.resolution_minutes) as resolution_due_at
) d
-- the deadline still running that comes first (none: no row, hence the left join)
left join lateral (
  select x.due as next_due_at, x.minutes as next_target_minutes
  from (values
    (case when r.first_response_at is null and t.resolved_at is null then d.first_response_due_at end, p.first_response_minutes),
    (case when t.resolved_at is null then d.resolution_due_at end, p.resolution_minutes)) x(due, minutes)
  where x.due is not null
  order by x.due
  limit 1
) n on true
cross join lateral (select private.sla_seconds_left(t.organization_id, n.next_due_at) as seconds_left) l;
comment on view public.ticket_slas is
  'Per ticket: first-response and resolution deadlines in business time, when they were met, whether breached, '
  'the next running deadline, the business seconds left to it and whether it is due soon (< 25 % of its target left).';

revoke all on table public.ticket_slas from anon, authenticated;
grant select on table public.ticket_slas to authenticated;

-- SLA analytics: tickets created in [p_from, p_to), per priority and overall (priority null):
-- how many had each target, how many breached it (a running clock past its deadline counts), and
-- the share met. Through the caller's token, so RLS keeps it to the active organization.
create function public.analytics_sla(p_from timestamptz, p_to timestamptz)
returns table (
  priority public.ticket_priority, tickets bigint,
  first_response_targets bigint, first_response_breached bigint, first_response_met_pct numeric,
  resolution_targets bigint, resolution_breached bigint, resolution_met_pct numeric
)
language sql
stable
set search_path = ''
-- pgt-ignore syntax: the linter parses a SQL function body as one statement; this one has two (range check, query)
as $$
  select private.analytics_check_range(p_from, p_to);
  select s.priority, count(*),
    count(*) filter (where s.first_response_due_at is not null),
    count(*) filter (where s.first_response_breached),
    round(100.0 * count(*) filter (where s.first_response_due_at is not null and not s.first_response_breached)
      / nullif(count(*) filter (where s.first_response_due_at is not null), 0), 1),
    count(*) filter (where s.resolution_due_at is not null),
    count(*) filter (where s.resolution_breached),
    round(100.0 * count(*) filter (where s.resolution_due_at is not null and not s.resolution_breached)
      / nullif(count(*) filter (where s.resolution_due_at is not null), 0), 1)
  from public.ticket_slas s
  where s.created_at >= p_from and s.created_at < p_to
  group by grouping sets ((), (s.priority))
  order by s.priority nulls first
$$;
comment on function public.analytics_sla(timestamptz, timestamptz) is
  'SLA results of the active organization''s tickets created in [p_from, p_to): overall (priority null) and per priority: '
  'targets set, breached, and % met, for first response and resolution.';
revoke all on function public.analytics_sla(timestamptz, timestamptz) from public, anon;
grant execute on function public.analytics_sla(timestamptz, timestamptz) to authenticated;
