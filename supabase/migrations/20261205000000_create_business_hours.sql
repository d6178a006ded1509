-- Business hours (issue 17): when an organization's team is at work, in its own time zone, with
-- holidays. Outside them the widget says when the team is back and SLA clocks stop, so every
-- "how much working time lies between two instants" question is answered here, in Postgres, by the
-- functions at the end of this file. Hours that are not enabled mean "always open": the clocks run
-- on wall time and the widget never goes offline, which is what an organization gets by default.

create function private.is_time_zone(p_name text) returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (select 1 from pg_catalog.pg_timezone_names where name = p_name);
$$;
revoke all on function private.is_time_zone(text) from public, anon;
-- the check constraint below runs as the writer
grant execute on function private.is_time_zone(text) to authenticated, service_role;

-- One row per organization, written by its admins.
create table public.business_hours (
  organization_id uuid primary key references public.organizations (id) on delete cascade,
  enabled boolean not null default false,
  time_zone text not null default 'UTC' check (private.is_time_zone(time_zone)),
  -- shown by the widget outside hours (null: the widget's own "we're away" text)
  offline_message text check (offline_message is null or char_length(offline_message) between 1 and 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.business_hours is 'An organization''s business hours settings: on or off, its time zone and the widget''s offline message.';

create trigger business_hours_keep_organization_id before update on public.business_hours
  for each row execute function private.keep_organization_id();
create trigger business_hours_touch_updated_at before update on public.business_hours
  for each row execute function private.touch_updated_at();

alter table public.business_hours enable row level security;

-- select(business_hours): members read their org's hours
create policy business_hours_select on public.business_hours for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')));
-- insert(business_hours): admins set the hours
create policy business_hours_insert on public.business_hours for insert to authenticated
  with check (organization_id = (select private.org_with_role('admin')));
-- update(business_hours): admins change the hours
create policy business_hours_update on public.business_hours for update to authenticated
  using (organization_id = (select private.org_with_role('admin')))
  with check (organization_id = (select private.org_with_role('admin')));
-- delete(business_hours): admins remove the settings (back to always open)
create policy business_hours_delete on public.business_hours for delete to authenticated
  using (organization_id = (select private.org_with_role('admin')));

revoke all on table public.business_hours from anon, authenticated;
grant select, delete on table public.business_hours to authenticated;
grant insert (organization_id, enabled, time_zone, offline_message) on table public.business_hours to authenticated;
grant update (enabled, time_zone, offline_message) on table public.business_hours to authenticated;

-- The weekly schedule: one opening window per ISO weekday (1 = Monday), in the organization's
-- local time; a day without a row is closed. One window per day (as Chatwoot's working hours) keeps
-- windows from overlapping, so sums of business time never count an instant twice. closes_at may
-- be '24:00' for "until midnight".
create table public.business_hours_days (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  weekday smallint not null check (weekday between 1 and 7),
  opens_at time not null,
  closes_at time not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, weekday),
  check (closes_at > opens_at)
);
comment on table public.business_hours_days is 'An organization''s opening window per weekday (ISO, 1 = Monday) in its local time; a missing day is closed.';

create trigger business_hours_days_keep_organization_id before update on public.business_hours_days
  for each row execute function private.keep_organization_id();
create trigger business_hours_days_touch_updated_at before update on public.business_hours_days
  for each row execute function private.touch_updated_at();

alter table public.business_hours_days enable row level security;

-- select(business_hours_days): members read their org's schedule
create policy business_hours_days_select on public.business_hours_days for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')));
-- insert(business_hours_days): admins open a day
create policy business_hours_days_insert on public.business_hours_days for insert to authenticated
  with check (organization_id = (select private.org_with_role('admin')));
-- update(business_hours_days): admins change a day's window
create policy business_hours_days_update on public.business_hours_days for update to authenticated
  using (organization_id = (select private.org_with_role('admin')))
  with check (organization_id = (select private.org_with_role('admin')));
-- delete(business_hours_days): admins close a day
create policy business_hours_days_delete on public.business_hours_days for delete to authenticated
  using (organization_id = (select private.org_with_role('admin')));

revoke all on table public.business_hours_days from anon, authenticated;
grant select, delete on table public.business_hours_days to authenticated;
grant insert (organization_id, weekday, opens_at, closes_at) on table public.business_hours_days to authenticated;
grant update (opens_at, closes_at) on table public.business_hours_days to authenticated;

-- Holidays: whole local days on which the team is away whatever the weekday.
create table public.holidays (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  day date not null,
  name text not null check (char_length(btrim(name)) between 1 and 80 and name = btrim(name)),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (organization_id, day)
);
comment on table public.holidays is 'Days (in the organization''s time zone) on which its team is away.';

create trigger holidays_keep_organization_id before update on public.holidays
  for each row execute function private.keep_organization_id();
create trigger holidays_touch_updated_at before update on public.holidays
  for each row execute function private.touch_updated_at();

alter table public.holidays enable row level security;

-- select(holidays): members read their org's holidays
create policy holidays_select on public.holidays for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')));
-- insert(holidays): admins add holidays
create policy holidays_insert on public.holidays for insert to authenticated
  with check (organization_id = (select private.org_with_role('admin')));
-- update(holidays): admins rename or move holidays
create policy holidays_update on public.holidays for update to authenticated
  using (organization_id = (select private.org_with_role('admin')))
  with check (organization_id = (select private.org_with_role('admin')));
-- delete(holidays): admins remove holidays
create policy holidays_delete on public.holidays for delete to authenticated
  using (organization_id = (select private.org_with_role('admin')));

revoke all on table public.holidays from anon, authenticated;
grant select, delete on table public.holidays to authenticated;
grant insert (organization_id, day, name) on table public.holidays to authenticated;
grant update (day, name) on table public.holidays to authenticated;

-- The organization's opening windows as instants, for p_days local days from the local day of
-- p_from, holidays left out. Nothing when hours are not enabled (callers then use wall time).
-- Local times become instants with "at time zone", so a window across a daylight-saving change
-- has its true length.
create function private.business_windows(p_org uuid, p_from timestamptz, p_days integer)
returns table (opens timestamptz, closes timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select (g.d + s.opens_at) at time zone h.time_zone, (g.d + s.closes_at) at time zone h.time_zone
  from public.business_hours h
  cross join lateral pg_catalog.generate_series(
    (p_from at time zone h.time_zone)::date::timestamp,
    (p_from at time zone h.time_zone)::date::timestamp + pg_catalog.make_interval(days => greatest(p_days, 1) - 1),
    interval '1 day') g(d)
  join public.business_hours_days s
    on s.organization_id = h.organization_id and s.weekday = extract(isodow from g.d)
  where h.organization_id = p_org
    and h.enabled
    and not exists (select 1 from public.holidays x where x.organization_id = h.organization_id and x.day = g.d::date)
  order by 1;
$$;

create function private.business_hours_enabled(p_org uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select enabled from public.business_hours where organization_id = p_org), false);
$$;

-- Working seconds between two instants (0 when p_to is not after p_from); wall-clock seconds
-- when hours are not enabled.
create function private.business_seconds_between(p_org uuid, p_from timestamptz, p_to timestamptz)
returns double precision
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_tz text;
begin
  if p_to is null or p_from is null or p_to <= p_from then
    return 0;
  end if;
  if not private.business_hours_enabled(p_org) then
    return extract(epoch from p_to - p_from);
  end if;
  select time_zone into v_tz from public.business_hours where organization_id = p_org;
  return coalesce((
    select sum(extract(epoch from least(w.closes, p_to) - greatest(w.opens, p_from)))
    from private.business_windows(p_org, p_from,
      ((p_to at time zone v_tz)::date - (p_from at time zone v_tz)::date) + 1) w
    where w.closes > p_from and w.opens < p_to), 0);
end
$$;

-- The instant at which p_seconds of working time have passed since p_start (an SLA deadline).
-- Looks a year and a few weeks ahead; null when no window lies in it (hours enabled, no open day).
create function private.business_time_add(p_org uuid, p_start timestamptz, p_seconds double precision)
returns timestamptz
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when not private.business_hours_enabled(p_org) then p_start + pg_catalog.make_interval(secs => greatest(p_seconds, 0))
    else (
      select c.opens + pg_catalog.make_interval(secs => greatest(p_seconds, 0) - (c.total - c.len))
      from (
        select w.opens, w.len, sum(w.len) over (order by w.opens) as total
        from (
          select greatest(x.opens, p_start) as opens, extract(epoch from x.closes - greatest(x.opens, p_start)) as len
          from private.business_windows(p_org, p_start, 400) x
          where x.closes > p_start
        ) w
      ) c
      where c.total >= greatest(p_seconds, 0)
      order by c.opens
      limit 1)
  end;
$$;

-- The first instant at or after p_at when the team is at work: p_at itself when open (or when
-- hours are not enabled), null when no window lies in the coming year.
create function private.business_open_at(p_org uuid, p_at timestamptz) returns timestamptz
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when not private.business_hours_enabled(p_org) then p_at
    else (
      select greatest(w.opens, p_at)
      from private.business_windows(p_org, p_at, 400) w
      where w.closes > p_at
      order by w.opens
      limit 1)
  end;
$$;

revoke all on function private.business_windows(uuid, timestamptz, integer) from public, anon, authenticated;
revoke all on function private.business_hours_enabled(uuid) from public, anon, authenticated;
revoke all on function private.business_seconds_between(uuid, timestamptz, timestamptz) from public, anon, authenticated;
revoke all on function private.business_time_add(uuid, timestamptz, double precision) from public, anon, authenticated;
revoke all on function private.business_open_at(uuid, timestamptz) from public, anon, authenticated;
grant execute on function private.business_seconds_between(uuid, timestamptz, timestamptz) to service_role;
grant execute on function private.business_time_add(uuid, timestamptz, double precision) to service_role;
grant execute on function private.business_open_at(uuid, timestamptz) to service_role;
