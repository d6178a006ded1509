-- Dashboard analytics, continued: conversion rates between events the organization configures,
-- and the most viewed and mentioned articles. Security invoker, like the other analytics
-- functions: RLS scopes everything to the caller's active organization.

-- This alters tables already in use: wait at most 5s for their lock rather than queue every query behind us.
set local lock_timeout = '5s';

-- settings.conversions: up to 20 funnels {name, from, to} naming event names (admins edit them
-- with the other organization settings). Inline like the assistant settings check.
alter table public.organizations add constraint organizations_conversions_setting_valid check (
  case when settings ? 'conversions' then
    jsonb_typeof(settings -> 'conversions') = 'array'
    and jsonb_array_length(settings -> 'conversions') <= 20
    and not jsonb_path_exists(settings, '$.conversions[*] ? (@.type() != "object"
      || !(@.name.type() == "string" && @.from.type() == "string" && @.to.type() == "string"))')
    and not jsonb_path_exists(settings, '$.conversions[*] ? (!(@.name like_regex "^.{1,80}$")
      || !(@.from like_regex "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$") || !(@.to like_regex "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$"))')
  else true end
);
comment on constraint organizations_conversions_setting_valid on public.organizations is
  'settings.conversions, if present: at most 20 objects {name (1..80 chars), from, to (event names)}; see public.analytics_conversions.';

create function public.analytics_conversions(p_from timestamptz, p_to timestamptz)
returns table (ord integer, name text, from_event text, to_event text, started bigint, converted bigint, rate numeric)
language sql
stable
set search_path = ''
-- pgt-ignore syntax: the linter parses a SQL function body as one statement; this one has two (range check, query)
as $$
  select private.analytics_check_range(p_from, p_to);
  with cfg as (
    select x.ord::integer as ord, x.c ->> 'name' as name, x.c ->> 'from' as from_event, x.c ->> 'to' as to_event
    from public.organizations o,
      jsonb_array_elements(coalesce(o.settings -> 'conversions', '[]'::jsonb)) with ordinality x(c, ord)
    where o.id = (select private.org_with_role('viewer'))
  ), starts as (
    select cfg.ord, e.visitor_id, min(e.occurred_at) as t0
    from cfg join public.events e on e.name = cfg.from_event
    where e.occurred_at >= p_from and e.occurred_at < p_to and e.visitor_id is not null
    group by cfg.ord, e.visitor_id
  ), done as (
    select s.ord, s.visitor_id,
      exists (select 1 from public.events e2 join cfg on cfg.ord = s.ord
              where e2.visitor_id = s.visitor_id and e2.name = cfg.to_event and e2.occurred_at >= s.t0 and e2.occurred_at < p_to) as converted
    from starts s
  )
  select cfg.ord, cfg.name, cfg.from_event, cfg.to_event, count(d.visitor_id), count(*) filter (where d.converted),
    round((count(*) filter (where d.converted))::numeric / nullif(count(d.visitor_id), 0), 4)
  from cfg left join done d on d.ord = cfg.ord
  group by cfg.ord, cfg.name, cfg.from_event, cfg.to_event
  order by cfg.ord
$$;
comment on function public.analytics_conversions(timestamptz, timestamptz) is
  'Per configured funnel (organizations.settings.conversions, in order): visitors with a `from` event in [p_from, p_to) (started), '
  'how many of them had a `to` event at or after their first `from` event and before p_to (converted), and converted / started.';

create function public.analytics_top_articles(p_from timestamptz, p_to timestamptz, p_limit integer default 10)
returns table (article_id uuid, title text, url text, views bigint, mentions bigint, clicks bigint)
language sql
stable
set search_path = ''
-- pgt-ignore syntax: the linter parses a SQL function body as one statement; this one has two (range check, query)
as $$
  select private.analytics_check_range(p_from, p_to);
  with acts as (
    select v.article_id, case when v.article_id is null then v.url end as url, v.title, 1 as is_view, 0 as is_mention, 0 as is_click
    from public.article_views v where v.viewed_at >= p_from and v.viewed_at < p_to
    union all
    select m.article_id, case when m.article_id is null then m.url end, m.title, 0, 1, (m.clicked_at is not null)::integer
    from public.article_mentions m where m.mentioned_at >= p_from and m.mentioned_at < p_to
  ), g as (
    select a.article_id, a.url, max(a.title) as title, sum(a.is_view) as views, sum(a.is_mention) as mentions, sum(a.is_click) as clicks
    from acts a group by a.article_id, a.url
  )
  select g.article_id, coalesce(ar.title, g.title, g.url), g.url, g.views::bigint, g.mentions::bigint, g.clicks::bigint
  from g left join public.articles ar on ar.id = g.article_id
  order by g.views + g.mentions desc, 2
  limit least(greatest(coalesce(p_limit, 10), 1), 100)
$$;
comment on function public.analytics_top_articles(timestamptz, timestamptz, integer) is
  'Most viewed and mentioned articles of the active organization in [p_from, p_to): knowledge-base articles by id, outside pages by url.';

revoke all on function private.analytics_check_range(timestamptz, timestamptz),
  public.analytics_summary(timestamptz, timestamptz), public.analytics_daily(timestamptz, timestamptz, text),
  public.analytics_escalation_reasons(timestamptz, timestamptz), public.analytics_tickets(timestamptz, timestamptz),
  public.analytics_event_totals(timestamptz, timestamptz), public.analytics_conversions(timestamptz, timestamptz),
  public.analytics_top_articles(timestamptz, timestamptz, integer)
  from public, anon, authenticated, service_role;
grant execute on function private.analytics_check_range(timestamptz, timestamptz),
  public.analytics_summary(timestamptz, timestamptz), public.analytics_daily(timestamptz, timestamptz, text),
  public.analytics_escalation_reasons(timestamptz, timestamptz), public.analytics_tickets(timestamptz, timestamptz),
  public.analytics_event_totals(timestamptz, timestamptz), public.analytics_conversions(timestamptz, timestamptz),
  public.analytics_top_articles(timestamptz, timestamptz, integer)
  to authenticated;
