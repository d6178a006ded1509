-- Dashboard analytics: one SQL function per panel, security invoker, so row-level security
-- scopes every figure to the caller's active organization (nothing here names an organization).
-- Message volumes come from the message_counts rollup and response times from
-- conversation_metrics, so an organization with a million messages reads thousands of rows.
--
-- Definitions (the dashboard and the tests use the same):
--   conversations        started (created_at) in [p_from, p_to)
--   engaged              of those, with at least one visitor message
--   ai_deflected         engaged, answered by the AI, no agent reply, not escalated
--   deflection_rate      ai_deflected / engaged; escalation_rate = escalated / engaged (null if no engaged)
--   first response       first AI or agent reply minus first visitor message; median in seconds
--   resolution           resolved_at minus created_at of resolved conversations; median in seconds
--   active visitors      distinct visitors who started a conversation, sent an event or viewed an article
--   messages             non-internal messages by sender type, counted in 15-minute buckets
--   days                 calendar days in time zone p_tz (an IANA name such as Europe/Paris)

-- This alters tables already in use: wait at most 5s for their lock rather than queue every query behind us.
set local lock_timeout = '5s';

create index conversations_organization_id_created_at_idx on public.conversations (organization_id, created_at);
create index visitors_organization_id_first_seen_idx on public.visitors (organization_id, first_seen_at);

create function private.analytics_check_range(p_from timestamptz, p_to timestamptz) returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_from is null or p_to is null or p_to <= p_from or p_to - p_from > interval '400 days' then
    raise exception 'the range must run forwards and span at most 400 days' using errcode = '22023';
  end if;
end
$$;
comment on function private.analytics_check_range(timestamptz, timestamptz) is 'Analytics: raises 22023 unless p_from < p_to and the range is at most 400 days.';

create function public.analytics_summary(p_from timestamptz, p_to timestamptz)
returns table (
  conversations bigint, engaged bigint, ai_deflected bigint, deflection_rate numeric, escalated bigint,
  escalation_rate numeric, resolved bigint, median_first_response_seconds numeric, median_resolution_seconds numeric,
  messages bigint, visitor_messages bigint, ai_messages bigint, agent_messages bigint,
  new_visitors bigint, active_visitors bigint, events bigint, tickets bigint
)
language sql
stable
set search_path = ''
-- pgt-ignore syntax: the linter parses a SQL function body as one statement; this one has two (range check, query)
as $$
  select private.analytics_check_range(p_from, p_to);
  with conv as (
    select c.id, c.is_escalated, c.is_resolved, c.resolved_at, c.created_at, c.visitor_id,
      m.first_visitor_message_at as fv, m.first_response_at as fr, m.first_ai_reply_at as fa, m.first_agent_reply_at as fg
    from public.conversations c
    left join public.conversation_metrics m on m.conversation_id = c.id and m.organization_id = c.organization_id
    where c.created_at >= p_from and c.created_at < p_to
  ), c as (
    select count(*) as conversations,
      count(*) filter (where fv is not null) as engaged,
      count(*) filter (where fv is not null and fa is not null and fg is null and not is_escalated) as ai_deflected,
      count(*) filter (where fv is not null and is_escalated) as escalated,
      count(*) filter (where is_resolved) as resolved,
      percentile_cont(0.5) within group (order by extract(epoch from fr - fv)) filter (where fr is not null) as mfr,
      percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at))
        filter (where is_resolved and resolved_at >= created_at) as mres
    from conv
  ), m as (
    select coalesce(sum(messages), 0) as messages,
      coalesce(sum(messages) filter (where sender_type = 'visitor'), 0) as visitor_messages,
      coalesce(sum(messages) filter (where sender_type = 'ai'), 0) as ai_messages,
      coalesce(sum(messages) filter (where sender_type = 'agent'), 0) as agent_messages
    from public.message_counts where bucket >= p_from and bucket < p_to
  )
  select c.conversations, c.engaged, c.ai_deflected,
    round(c.ai_deflected::numeric / nullif(c.engaged, 0), 4),
    c.escalated, round(c.escalated::numeric / nullif(c.engaged, 0), 4), c.resolved,
    round(c.mfr::numeric, 1), round(c.mres::numeric, 1),
    m.messages::bigint, m.visitor_messages::bigint, m.ai_messages::bigint, m.agent_messages::bigint,
    (select count(*) from public.visitors v where v.first_seen_at >= p_from and v.first_seen_at < p_to),
    (select count(distinct x.visitor_id) from (
      select visitor_id from conv
      union all select visitor_id from public.events where occurred_at >= p_from and occurred_at < p_to
      union all select visitor_id from public.article_views where viewed_at >= p_from and viewed_at < p_to) x),
    (select count(*) from public.events where occurred_at >= p_from and occurred_at < p_to),
    (select count(*) from public.tickets where created_at >= p_from and created_at < p_to)
  from c, m
$$;
comment on function public.analytics_summary(timestamptz, timestamptz) is
  'Analytics headline figures of the active organization for [p_from, p_to) (definitions in the migration header). One row.';

create function public.analytics_daily(p_from timestamptz, p_to timestamptz, p_tz text default 'UTC')
returns table (
  day date, conversations bigint, escalated bigint, ai_deflected bigint, messages bigint, visitor_messages bigint,
  ai_messages bigint, agent_messages bigint, new_visitors bigint, active_visitors bigint, events bigint
)
language sql
stable
set search_path = ''
-- pgt-ignore syntax: the linter parses a SQL function body as one statement; this one has two (range check, query)
as $$
  select private.analytics_check_range(p_from, p_to);
  with days as (
    select d::date as day
    from generate_series((p_from at time zone p_tz)::date, ((p_to - interval '1 microsecond') at time zone p_tz)::date, interval '1 day') d
  ), conv as (
    select (c.created_at at time zone p_tz)::date as day, c.visitor_id, c.is_escalated,
      m.first_visitor_message_at as fv, m.first_ai_reply_at as fa, m.first_agent_reply_at as fg
    from public.conversations c
    left join public.conversation_metrics m on m.conversation_id = c.id and m.organization_id = c.organization_id
    where c.created_at >= p_from and c.created_at < p_to
  ), c as (
    select day, count(*) as conversations,
      count(*) filter (where fv is not null and is_escalated) as escalated,
      count(*) filter (where fv is not null and fa is not null and fg is null and not is_escalated) as ai_deflected
    from conv group by day
  ), m as (
    select (bucket at time zone p_tz)::date as day, sum(messages) as messages,
      sum(messages) filter (where sender_type = 'visitor') as visitor_messages,
      sum(messages) filter (where sender_type = 'ai') as ai_messages,
      sum(messages) filter (where sender_type = 'agent') as agent_messages
    from public.message_counts where bucket >= p_from and bucket < p_to group by 1
  ), nv as (
    select (first_seen_at at time zone p_tz)::date as day, count(*) as n
    from public.visitors where first_seen_at >= p_from and first_seen_at < p_to group by 1
  ), ev as (
    select (occurred_at at time zone p_tz)::date as day, visitor_id from public.events
    where occurred_at >= p_from and occurred_at < p_to
  ), av as (
    select day, count(distinct visitor_id) as n from (
      select day, visitor_id from conv
      union all select day, visitor_id from ev
      union all select (viewed_at at time zone p_tz)::date, visitor_id from public.article_views
      where viewed_at >= p_from and viewed_at < p_to) x
    group by day
  ), e as (
    select day, count(*) as n from ev group by day
  )
  select days.day, coalesce(c.conversations, 0), coalesce(c.escalated, 0), coalesce(c.ai_deflected, 0),
    coalesce(m.messages, 0)::bigint, coalesce(m.visitor_messages, 0)::bigint, coalesce(m.ai_messages, 0)::bigint,
    coalesce(m.agent_messages, 0)::bigint, coalesce(nv.n, 0), coalesce(av.n, 0), coalesce(e.n, 0)
  from days
  left join c on c.day = days.day
  left join m on m.day = days.day
  left join nv on nv.day = days.day
  left join av on av.day = days.day
  left join e on e.day = days.day
  order by days.day
$$;
comment on function public.analytics_daily(timestamptz, timestamptz, text) is
  'Analytics per calendar day (time zone p_tz) of the active organization for [p_from, p_to): conversations started, escalated and '
  'AI-deflected of those, messages by sender, new and active visitors, events. One row per day, zeros included.';

create function public.analytics_escalation_reasons(p_from timestamptz, p_to timestamptz)
returns table (reason text, conversations bigint)
language sql
stable
set search_path = ''
-- pgt-ignore syntax: the linter parses a SQL function body as one statement; this one has two (range check, query)
as $$
  select private.analytics_check_range(p_from, p_to);
  select coalesce(c.escalated_reason, 'unspecified'), count(*)
  from public.conversations c
  where c.created_at >= p_from and c.created_at < p_to and c.is_escalated
  group by 1
  order by 2 desc, 1
$$;
comment on function public.analytics_escalation_reasons(timestamptz, timestamptz) is
  'Escalated conversations of the active organization started in [p_from, p_to), by escalated_reason.';

create function public.analytics_tickets(p_from timestamptz, p_to timestamptz)
returns table (website_id uuid, website_name text, status public.ticket_status, tickets bigint)
language sql
stable
set search_path = ''
-- pgt-ignore syntax: the linter parses a SQL function body as one statement; this one has two (range check, query)
as $$
  select private.analytics_check_range(p_from, p_to);
  select t.website_id, w.name, t.status, count(*)
  from public.tickets t
  left join public.websites w on w.id = t.website_id and w.organization_id = t.organization_id
  where t.created_at >= p_from and t.created_at < p_to
  group by t.website_id, w.name, t.status
  order by w.name nulls last, t.status
$$;
comment on function public.analytics_tickets(timestamptz, timestamptz) is
  'Tickets of the active organization created in [p_from, p_to), by website (null: none) and status.';

create function public.analytics_event_totals(p_from timestamptz, p_to timestamptz)
returns table (name text, events bigint, visitors bigint)
language sql
stable
set search_path = ''
-- pgt-ignore syntax: the linter parses a SQL function body as one statement; this one has two (range check, query)
as $$
  select private.analytics_check_range(p_from, p_to);
  select e.name, count(*), count(distinct e.visitor_id)
  from public.events e
  where e.occurred_at >= p_from and e.occurred_at < p_to
  group by e.name
  order by 2 desc, 1
$$;
comment on function public.analytics_event_totals(timestamptz, timestamptz) is
  'Events of the active organization in [p_from, p_to) by name: how many, and from how many distinct visitors.';
