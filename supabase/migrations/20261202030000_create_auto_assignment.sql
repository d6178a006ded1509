-- Automatic assignment of new escalations: round robin among the organization's agents who are
-- available, never past a cap of open tickets per agent. Off by default; admins turn it on in
-- Settings (organizations.settings auto_assign, auto_assign_cap), agents mark themselves
-- available or away. Done in Postgres, in the ticket insert, so the widget, the ingestion API
-- and any later channel get the same behaviour.

-- This alters tables already in use: wait at most 5s for their lock rather than queue every query behind us.
set local lock_timeout = '5s';

-- pgt-ignore lint/safety/addingFieldWithDefault: a constant default needs no table rewrite since Postgres 11
alter table public.organization_members
  add column available boolean not null default true,
  add column last_auto_assigned_at timestamptz;
comment on column public.organization_members.available is
  'The member takes new escalations (true) or is away (false). Only the member changes it (public.set_my_availability).';
comment on column public.organization_members.last_auto_assigned_at is
  'When automatic assignment last gave this member a ticket: the round robin picks the one who waited longest.';

alter table public.organizations add constraint organizations_auto_assign_settings_valid check (
  case when settings ? 'auto_assign'
    then jsonb_typeof(settings -> 'auto_assign') = 'boolean'
    else true end
  and case when settings ? 'auto_assign_cap'
    then jsonb_typeof(settings -> 'auto_assign_cap') = 'number'
         and (settings ->> 'auto_assign_cap')::numeric between 1 and 100
         and (settings ->> 'auto_assign_cap')::numeric = trunc((settings ->> 'auto_assign_cap')::numeric)
    else true end
);

-- Same as 20261201100000 plus the two assignment keys.
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
    where k not in ('assistant_name', 'greeting', 'escalation_threshold', 'conversions', 'auto_assign', 'auto_assign_cap')
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
  'auto_assign_cap) into organizations.settings in one UPDATE, and renames the organization when p_name is given. '
  'Security invoker: RLS lets only admins of the active organization change it. Returns the rows changed (0 or 1).';

-- The member's own availability in the active organization. Members may not update their own
-- row otherwise (only admins change roles), so this is a definer function touching one column.
create function public.set_my_availability(p_available boolean) returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  org uuid := private.org_with_role('viewer');
begin
  if p_available is null then
    raise exception 'available must be true or false' using errcode = '22023';
  end if;
  if org is null then
    raise exception 'no active organization' using errcode = '42501';
  end if;
  update public.organization_members
  set available = p_available
  where organization_id = org and user_id = (auth.jwt() ->> 'sub');
  return p_available;
end
$$;
comment on function public.set_my_availability(boolean) is
  'Marks the signed-in member available (true) or away (false) in the active organization; away members get no '
  'automatic assignments. Returns the new value. Errors: 22023 null, 42501 no active organization.';
revoke all on function public.set_my_availability(boolean) from public, anon;
grant execute on function public.set_my_availability(boolean) to authenticated;

-- BEFORE INSERT on tickets, after tickets_assign_number (triggers fire in name order), which has
-- already locked the organization row: every escalation of one organization passes here one at a
-- time, so two at once cannot both see an agent below the cap and both take the last slot. The
-- explicit lock below keeps that true should the numbering trigger ever change.
create function private.auto_assign_ticket() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  org_settings jsonb;
  cap integer;
  picked text;
begin
  if new.assignee_id is not null or new.conversation_id is null then
    return new; -- assigned by hand, or not an escalation
  end if;
  select settings into org_settings from public.organizations where id = new.organization_id for update;
  if coalesce((org_settings ->> 'auto_assign')::boolean, false) is not true then
    return new;
  end if;
  cap := coalesce((org_settings ->> 'auto_assign_cap')::integer, 5);

  -- READ COMMITTED: this statement runs after the lock, so it counts the tickets the previous
  -- holder committed. Open = anything not resolved or closed.
  select m.user_id into picked
  from public.organization_members m
  where m.organization_id = new.organization_id
    and m.role >= 'agent'
    and m.available
    and (select count(*) from public.tickets t
         where t.organization_id = m.organization_id and t.assignee_id = m.user_id
           and t.status not in ('resolved', 'closed')) < cap
  order by m.last_auto_assigned_at asc nulls first, m.created_at, m.user_id
  limit 1;
  if picked is null then
    return new; -- everyone away or full: the ticket waits unassigned in the queue
  end if;

  new.assignee_id := picked;
  -- clock_timestamp: several tickets in one transaction still rotate
  update public.organization_members set last_auto_assigned_at = clock_timestamp()
  where organization_id = new.organization_id and user_id = picked;
  update public.conversations set assignee_id = picked
  where id = new.conversation_id and organization_id = new.organization_id and assignee_id is null;
  return new;
end
$$;
comment on function private.auto_assign_ticket() is
  'BEFORE INSERT trigger on tickets: with settings.auto_assign on, gives an unassigned escalation (and its conversation) '
  'to the available agent (role agent or above) who was auto-assigned longest ago and has fewer than '
  'settings.auto_assign_cap (default 5) open tickets; leaves it unassigned when nobody qualifies.';
revoke all on function private.auto_assign_ticket() from public, anon, authenticated;

create trigger tickets_auto_assign before insert on public.tickets
  for each row execute function private.auto_assign_ticket();

comment on column public.organizations.settings is
  'Free-form organization settings. Validated assistant keys (all optional, defaults in private.assistant_settings): '
  'assistant_name text 1..60 (default ''Concierge''), greeting text 1..500 (default ''Hi! How can I help you today?''), '
  'escalation_threshold number 0..1 (default 0.55: an AI answer below this confidence offers a human). '
  'Assignment: auto_assign boolean (default false: new escalations wait unassigned), auto_assign_cap integer 1..100 '
  '(default 5: open tickets per agent before automatic assignment skips them).';
