-- Two changes of this release each re-created update_organization_settings with one more key
-- (reopen_window_days, low_confidence_action); the later one would drop the earlier's key. This
-- re-creates it once with every key the dashboard edits.
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
      'reopen_window_days', 'low_confidence_action')
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
  'auto_assign_cap, reopen_window_days, low_confidence_action) into organizations.settings in one UPDATE, and renames '
  'the organization when p_name is given. Security invoker: RLS lets only admins of the active organization change it. '
  'Returns the rows changed (0 or 1).';
