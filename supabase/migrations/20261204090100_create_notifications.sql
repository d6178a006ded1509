-- The dashboard's notification centre (issue 17): a row per member for a new escalation in their
-- organization (agents and above) and for a visitor's reply in a conversation assigned to them,
-- written by triggers in the event's transaction. Each member reads, marks read and clears only
-- their own. Browser notifications and their sound are opt-in per member
-- (notification_preferences.desk_alerts); the dashboard shows the centre regardless.
set local lock_timeout = '5s';

create type public.notification_kind as enum ('escalation', 'visitor_reply');

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id text not null,
  kind public.notification_kind not null,
  conversation_id uuid not null,
  message_id uuid,
  read_at timestamptz,
  created_at timestamptz not null default now(),
  unique (id, organization_id),
  foreign key (organization_id, user_id) references public.organization_members (organization_id, user_id) on delete cascade,
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id) on delete cascade
);
comment on table public.notifications is 'A member''s notifications (escalations, visitor replies in their conversations); each member sees only their own.';
comment on column public.notifications.message_id is 'The latest visitor message of a visitor_reply (no foreign key: a notification outlives nothing it needs).';

-- One unread notification per member, conversation and kind: a second reply bumps it, so a
-- chatty visitor does not flood the centre.
create unique index notifications_unread_key on public.notifications (organization_id, user_id, conversation_id, kind) where read_at is null;
create index notifications_member_idx on public.notifications (organization_id, user_id, created_at desc);
create index notifications_conversation_idx on public.notifications (conversation_id, organization_id);

create trigger notifications_keep_organization_id before update on public.notifications
  for each row execute function private.keep_organization_id();

alter table public.notifications enable row level security;

-- Written only by the triggers below; a member marks their own read or clears them.
revoke all on public.notifications from anon, authenticated;
grant select, delete on public.notifications to authenticated;
grant update (read_at) on public.notifications to authenticated;

-- select(notifications): a member reads their own notifications in their active org
create policy notifications_select on public.notifications for select to authenticated
using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));

-- update(notifications): a member marks their own notifications read
create policy notifications_update on public.notifications for update to authenticated
using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'))
with check (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));

-- delete(notifications): a member clears their own notifications
create policy notifications_delete on public.notifications for delete to authenticated
using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));

-- Browser notifications and a sound for them: off until the member turns them on.
-- pgt-ignore lint/safety/addingFieldWithDefault: a constant default is stored in the catalog (Postgres 11+), no rewrite
alter table public.notification_preferences add column desk_alerts boolean not null default false;
comment on column public.notification_preferences.desk_alerts is 'Show browser notifications, with a sound, for my new notifications.';
grant update (desk_alerts) on public.notification_preferences to authenticated;

create function private.notify_members(p_org uuid, p_users text[], p_kind public.notification_kind,
  p_conversation uuid, p_message uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.notifications (organization_id, user_id, kind, conversation_id, message_id)
  select p_org, u, p_kind, p_conversation, p_message from pg_catalog.unnest(p_users) u
  on conflict (organization_id, user_id, conversation_id, kind) where read_at is null
  do update set created_at = now(), message_id = excluded.message_id;
end
$$;
revoke all on function private.notify_members(uuid, text[], public.notification_kind, uuid, uuid) from public, anon, authenticated;

-- Entering the team's queue: every agent, admin and owner of the organization (or only the
-- assignee, when the conversation already has one).
create function private.notify_escalation() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.notify_members(new.organization_id,
    case when new.assignee_id is not null then array[new.assignee_id]
         else (select pg_catalog.array_agg(m.user_id) from public.organization_members m
               where m.organization_id = new.organization_id and m.role >= 'agent') end,
    'escalation', new.id, null);
  return null;
end
$$;
revoke all on function private.notify_escalation() from public, anon, authenticated;

-- AFTER triggers on every row (no `update of`: the lifecycle sets state in BEFORE triggers).
create trigger conversations_notify_escalation_insert after insert on public.conversations
  for each row when (new.state = 'waiting_for_agent')
  execute function private.notify_escalation();
create trigger conversations_notify_escalation after update on public.conversations
  for each row when (old.state is distinct from new.state and new.state = 'waiting_for_agent')
  execute function private.notify_escalation();

-- A visitor's message in a conversation assigned to a member: that member.
create function private.notify_visitor_reply() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_assignee text;
begin
  select c.assignee_id into v_assignee from public.conversations c
  where c.id = new.conversation_id and c.organization_id = new.organization_id;
  if v_assignee is not null then
    perform private.notify_members(new.organization_id, array[v_assignee], 'visitor_reply', new.conversation_id, new.id);
  end if;
  return null;
end
$$;
revoke all on function private.notify_visitor_reply() from public, anon, authenticated;

create trigger messages_notify_visitor_reply after insert on public.messages
  for each row when (new.sender_type = 'visitor')
  execute function private.notify_visitor_reply();
