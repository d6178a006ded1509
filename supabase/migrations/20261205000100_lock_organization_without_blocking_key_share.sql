-- Concurrent escalations of one organization deadlocked under load (the reliability battery's
-- crash-ingest scenario at full scale: 40P01 in auto_assign_ticket, answered 500): see the comment
-- in the function. Same function as 20261202030000 apart from the lock mode.
set local lock_timeout = '5s';

create or replace function private.auto_assign_ticket() returns trigger
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
  -- FOR NO KEY UPDATE, the lock the ticket number's update of this row already holds: it still
  -- serializes assignments, but unlike FOR UPDATE it does not wait for the FOR KEY SHARE locks
  -- that foreign-key checks of other transactions hold on the organization, which deadlocked
  -- concurrent escalations (each holding one lock and wanting the other's).
  select settings into org_settings from public.organizations where id = new.organization_id for no key update;
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
