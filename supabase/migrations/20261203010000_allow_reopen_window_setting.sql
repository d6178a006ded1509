-- The reopen window (issue 11's lifecycle: a customer message within this many days of the
-- resolution reopens the same conversation and ticket, later ones start over with the assistant)
-- could only be set with SQL. Admins now set it on the Settings page, through
-- update_organization_settings like every other key; the constraint keeps the value the one
-- private.reopen_state reads: a whole number of days from 0 (never reopen) to 365.

-- This alters a table already in use: wait at most 5s for its lock rather than queue every query behind us.
set local lock_timeout = '5s';

alter table public.organizations add constraint organizations_reopen_window_valid check (
  case when settings ? 'reopen_window_days'
    then jsonb_typeof(settings -> 'reopen_window_days') = 'number'
         and (settings ->> 'reopen_window_days')::numeric between 0 and 365
         and (settings ->> 'reopen_window_days')::numeric = trunc((settings ->> 'reopen_window_days')::numeric)
    else true end
);

-- Same as 20261202030000 plus reopen_window_days.
create or replace function public.update_organization_settings(p_organization_id uuid, p_settings jsonb, p_name text default null)
returns integer
language plpgsql
security invoker
set search_path = ''
as $$
declare
  changed integer;
begin
  -- only the keys the dashboard edits; default_org and anything unknown stay out of API reach
  -- (the check constraints on organizations validate each key's value)
  if p_settings is null or jsonb_typeof(p_settings) <> 'object' then
    raise exception 'settings must be a JSON object' using errcode = '22023';
  end if;
  if exists (
    select 1 from jsonb_object_keys(p_settings) k
    where k not in ('assistant_name', 'greeting', 'escalation_threshold', 'conversions', 'auto_assign', 'auto_assign_cap',
                    'reopen_window_days')
  ) then
    raise exception 'unknown organization setting' using errcode = '22023';
  end if;
  -- security invoker: RLS (organizations_update, admins of the active organization) picks the row
  update public.organizations
  set name = coalesce(p_name, name), settings = settings || p_settings
  where id = p_organization_id;
  get diagnostics changed = row_count;
  return changed;
end;
$$;
comment on function public.update_organization_settings(uuid, jsonb, text) is
  'Merges the given settings keys (assistant_name, greeting, escalation_threshold, conversions, auto_assign, '
  'auto_assign_cap, reopen_window_days) into organizations.settings in one UPDATE, and renames the organization when '
  'p_name is given. Security invoker: RLS lets only admins of the active organization change it. Returns the rows '
  'changed (0 or 1).';
