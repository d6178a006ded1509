-- The conversation state machine (issue 11). Every move of conversations.state happens here, in
-- the database, so the widget, the ingestion API, the dashboard and later channel webhooks all
-- follow the same rules:
--
--   bot ──escalation──▶ waiting_for_agent ──agent reply──▶ with_agent ◀──agent reply── needs_reply
--    │                                                      │  ▲                        ▲
--    └──agent reply or take over────────────────────────────┘  └──customer writes───────┘
--   any state ──resolve──▶ resolved ──customer writes──▶ needs_reply (reopened, same ticket)
--   with the team ──hand back──▶ bot
--
-- Reopen rule: a customer message in a resolved conversation reopens it when it arrives within the
-- organization's reopen window (settings.reopen_window_days, default 7, 0..365) of the resolution:
-- the same conversation and the same ticket go back to the team as needs_reply. A conversation the
-- team never touched (the assistant resolved it) goes back to the assistant (bot) instead. After
-- the window the conversation starts over with the assistant (bot) and its old ticket stays
-- resolved; asking for a person again reopens that ticket (one ticket per conversation).
--
-- Only messages at or after state_changed_at move the state, so history written later (the
-- seed, an import through the ingestion API) does not replay old turns over a newer state.
--
-- The older columns follow the state: resolved sets is_resolved/resolved_at/resolved_by and
-- status closed, leaving it clears them (status open); waiting_for_agent sets is_escalated and
-- escalated_at; the ticket is resolved and reopened with its conversation. Writers of those older
-- columns (ticket status, the ingestion API, a member's update) move the state the same way.
set local lock_timeout = '5s';

-- pgt-ignore lint/safety/addingFieldWithDefault: the table was created by the previous migration and is still empty
alter table public.conversation_transitions
  add column via text not null default 'update',
  add constraint conversation_transitions_via_format check (via ~ '^[a-z][a-z_]{0,31}$');
comment on column public.conversation_transitions.via is
  'What caused it: message, take_over, hand_back, resolve, escalate, ticket, update (a direct write of the older columns).';

-- The state columns are the state machine's alone: members keep updating the other columns
-- (assignment, summary…) under RLS, but state, state_changed_at, waiting_since and
-- last_visitor_message_at are written only by the definer triggers and functions below.
revoke update on public.conversations from authenticated;
-- (id and organization_id stay listed so their own guards, not a privilege error, refuse a change)
grant update (id, organization_id, website_id, visitor_id, channel, external_customer_id, status, is_escalated,
  escalated_reason, escalated_at, is_resolved, resolved_at, resolved_by, assignee_id, agent_name, agent_joined_at,
  summary, last_message_at, created_at, updated_at) on public.conversations to authenticated;

-- Who moves the state: the definer code that knows says so in a transaction-local setting
-- (concierge.transition = {type, id, name, at, via}); otherwise a signed-in member of the
-- conversation's organization (from the token), else the system.
create function private.transition_actor(p_org uuid) returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  given text := nullif(pg_catalog.current_setting('concierge.transition', true), '');
  sub text := (select auth.jwt() ->> 'sub');
  name text;
begin
  if given is not null then
    return given::jsonb;
  end if;
  name := private.member_first_name(p_org, sub);
  if name is not null then
    return jsonb_build_object('type', 'agent', 'id', sub, 'name', name, 'via', 'update');
  end if;
  return jsonb_build_object('type', 'system', 'via', 'update');
end
$$;
comment on function private.transition_actor(uuid) is
  'Who is moving a conversation''s state: concierge.transition if definer code set it, else the signed-in member, else the system.';
revoke all on function private.transition_actor(uuid) from public, anon, authenticated;

-- The one way definer code moves a state: names the actor for the trigger below, updates, then
-- forgets the actor (the setting is transaction-local; a later statement must not inherit it).
create function private.move_conversation(p_org uuid, p_conversation uuid, p_to public.conversation_state,
  p_actor jsonb, p_from public.conversation_state[] default null) returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  moved boolean;
begin
  perform pg_catalog.set_config('concierge.transition', p_actor::text, true);
  update public.conversations
  set state = p_to
  where id = p_conversation and organization_id = p_org and state <> p_to
    and (p_from is null or state = any (p_from));
  moved := found;
  perform pg_catalog.set_config('concierge.transition', '', true);
  return moved;
end
$$;
comment on function private.move_conversation(uuid, uuid, public.conversation_state, jsonb, public.conversation_state[]) is
  'Moves a conversation to p_to (only from p_from when given) on behalf of p_actor {type, id, name, at, via}; true if it moved.';
revoke all on function private.move_conversation(uuid, uuid, public.conversation_state, jsonb, public.conversation_state[])
  from public, anon, authenticated;

-- Whether a person has been involved: decides where a reopened conversation goes.
create function private.conversation_had_team(p_org uuid, p_conversation uuid) returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
  return exists (select 1 from public.conversations c
                 where c.id = p_conversation and c.organization_id = p_org
                   and (c.is_escalated or c.agent_joined_at is not null))
    or exists (select 1 from public.tickets t where t.conversation_id = p_conversation and t.organization_id = p_org)
    or exists (select 1 from public.conversation_transitions t
               where t.conversation_id = p_conversation and t.organization_id = p_org
                 and t.to_state in ('waiting_for_agent', 'with_agent', 'needs_reply'));
end
$$;
comment on function private.conversation_had_team(uuid, uuid) is
  'True if the conversation was ever escalated, answered by an agent, ticketed or with the team.';
revoke all on function private.conversation_had_team(uuid, uuid) from public, anon, authenticated;

-- Where a customer message takes a resolved conversation (the reopen rule above).
create function private.reopen_state(p_org uuid, p_conversation uuid, p_resolved_at timestamptz, p_at timestamptz)
returns public.conversation_state
language plpgsql
stable
set search_path = ''
as $$
declare
  days integer;
begin
  select case when o.settings ->> 'reopen_window_days' ~ '^\d{1,3}$'
              then least((o.settings ->> 'reopen_window_days')::integer, 365) else 7 end
  into days
  from public.organizations o where o.id = p_org;
  if p_at <= coalesce(p_resolved_at, p_at) + pg_catalog.make_interval(days => coalesce(days, 7))
     and private.conversation_had_team(p_org, p_conversation) then
    return 'needs_reply';
  end if;
  return 'bot';
end
$$;
comment on function private.reopen_state(uuid, uuid, timestamptz, timestamptz) is
  'needs_reply when a customer writes within the reopen window of the resolution and the team had the conversation; bot otherwise.';
revoke all on function private.reopen_state(uuid, uuid, timestamptz, timestamptz) from public, anon, authenticated;

-- A new conversation starts in the state its older columns describe (the ingestion API and the
-- seed create resolved or escalated conversations); a client cannot pick its state.
create function private.init_conversation_state() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.last_visitor_message_at := null;
  if new.is_resolved then
    new.state := 'resolved';
    new.state_changed_at := coalesce(new.resolved_at, new.created_at);
    new.waiting_since := null;
  elsif new.agent_joined_at is not null then
    new.state := 'with_agent';
    new.state_changed_at := new.agent_joined_at;
    new.waiting_since := null;
  elsif new.is_escalated then
    new.state := 'waiting_for_agent';
    new.state_changed_at := coalesce(new.escalated_at, new.created_at);
    new.waiting_since := new.state_changed_at;
  else
    new.state := 'bot';
    new.state_changed_at := new.created_at;
    new.waiting_since := null;
  end if;
  return new;
end
$$;
comment on function private.init_conversation_state() is
  'BEFORE INSERT trigger on conversations: the initial state follows is_resolved, agent_joined_at and is_escalated.';
revoke all on function private.init_conversation_state() from public, anon, authenticated;

create trigger conversations_init_state before insert on public.conversations
  for each row execute function private.init_conversation_state();

-- Every state change, whoever writes it: keeps the older columns in step and records the
-- transition. Also turns a write of the older columns (a ticket resolved, the ingestion API
-- marking a conversation resolved or escalated) into the matching state change.
create function private.track_conversation_state() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  target public.conversation_state;
  actor jsonb;
  at timestamptz;
begin
  if new.state is distinct from old.state then
    target := new.state;
  elsif new.is_resolved and not old.is_resolved and old.state <> 'resolved' then
    target := 'resolved';
  elsif old.is_resolved and not new.is_resolved and old.state = 'resolved' then
    target := case when private.conversation_had_team(old.organization_id, old.id) then 'needs_reply' else 'bot' end;
  elsif new.is_escalated and not old.is_escalated and old.state = 'bot' then
    target := 'waiting_for_agent';
  else
    return new;
  end if;

  actor := private.transition_actor(old.organization_id);
  if target = 'resolved' and actor ->> 'via' = 'update' and new.resolved_by = 'ai' then
    actor := jsonb_build_object('type', 'ai', 'via', 'update');
  end if;
  at := coalesce((actor ->> 'at')::timestamptz, now());

  new.state := target;
  new.state_changed_at := at;
  new.waiting_since := case
    when target in ('waiting_for_agent', 'needs_reply') then
      case when old.state in ('waiting_for_agent', 'needs_reply') then old.waiting_since else at end
  end;

  if target = 'resolved' then
    new.is_resolved := true;
    new.status := 'closed';
    if not old.is_resolved then
      new.resolved_at := coalesce(new.resolved_at, at);
      new.resolved_by := coalesce(new.resolved_by, actor ->> 'id', case when actor ->> 'type' = 'ai' then 'ai' end);
    end if;
  elsif old.state = 'resolved' then
    new.is_resolved := false;
    new.resolved_at := null;
    new.resolved_by := null;
    if new.status = 'closed' then
      new.status := 'open';
    end if;
  end if;
  if target = 'waiting_for_agent' then
    new.is_escalated := true;
    new.escalated_at := coalesce(new.escalated_at, at);
    new.escalated_reason := coalesce(new.escalated_reason, 'visitor_request');
  end if;

  -- recorded at the wall clock, so the line comes after the message that caused it (same
  -- transaction, same now()) and a widget polling for what came after that message still gets it
  insert into public.conversation_transitions (organization_id, conversation_id, from_state, to_state,
    actor_type, actor_id, actor_name, via, created_at)
  values (old.organization_id, old.id, old.state, target,
    coalesce(actor ->> 'type', 'system')::public.sender_type, actor ->> 'id', nullif(actor ->> 'name', ''),
    coalesce(actor ->> 'via', 'update'), pg_catalog.clock_timestamp());
  return new;
end
$$;
comment on function private.track_conversation_state() is
  'BEFORE UPDATE trigger on conversations: applies a state change (or derives one from is_resolved/is_escalated), keeps the older columns consistent and records the transition.';
revoke all on function private.track_conversation_state() from public, anon, authenticated;

-- Named after conversations_stamp_resolution, so a member's resolved_by stamp is already in place.
create trigger conversations_track_state before update on public.conversations
  for each row when (old.state is distinct from new.state or old.is_resolved is distinct from new.is_resolved
                     or old.is_escalated is distinct from new.is_escalated)
  execute function private.track_conversation_state();

-- The ticket follows its conversation: resolved with it, reopened when the team has it again. A
-- conversation back with the assistant leaves its ticket as it is.
create function private.sync_ticket_with_state() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.state = 'resolved' then
    update public.tickets
    set status = 'resolved', resolved_at = new.resolved_at, resolved_by = new.resolved_by
    where conversation_id = new.id and organization_id = new.organization_id
      and status not in ('resolved', 'closed');
  elsif new.state in ('waiting_for_agent', 'with_agent', 'needs_reply') then
    update public.tickets
    set status = 'open'
    where conversation_id = new.id and organization_id = new.organization_id
      and status in ('resolved', 'closed');
  end if;
  return null;
end
$$;
comment on function private.sync_ticket_with_state() is
  'AFTER UPDATE trigger on conversations: resolves the ticket with its conversation and reopens it when the conversation is back with the team.';
revoke all on function private.sync_ticket_with_state() from public, anon, authenticated;

create trigger conversations_sync_ticket after update of state on public.conversations
  for each row when (old.state is distinct from new.state)
  execute function private.sync_ticket_with_state();

-- Messages move the state: an agent's visible reply gives the conversation to the team
-- (with_agent); a customer message after it asks for a reply (needs_reply) or reopens a resolved
-- conversation. One UPDATE per conversation whose state changes, per statement; the actor and
-- time are those of the statement's latest relevant message.
create function private.track_message_states() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  r record;
  target public.conversation_state;
begin
  for r in
    select c.id, c.organization_id, c.state, c.resolved_at,
           (pg_catalog.array_agg(n.sender_type order by n.created_at desc, n.id desc))[1] as last_type,
           (pg_catalog.array_agg(n.sender_id order by n.created_at desc, n.id desc))[1] as last_sender,
           max(n.created_at) as at,
           bool_or(n.sender_type = 'agent') as has_agent
    from new_rows n
    join public.conversations c on c.id = n.conversation_id and c.organization_id = n.organization_id
    where (n.sender_type = 'visitor' or (n.sender_type = 'agent' and not n.is_internal))
      and n.created_at >= c.state_changed_at
    group by c.id, c.organization_id, c.state, c.resolved_at
  loop
    target := null;
    if r.last_type = 'agent' then
      if r.state in ('bot', 'waiting_for_agent', 'needs_reply') then
        target := 'with_agent';
      end if;
    elsif r.state = 'with_agent' or (r.has_agent and r.state in ('bot', 'waiting_for_agent')) then
      target := 'needs_reply';
    elsif r.state = 'resolved' then
      target := private.reopen_state(r.organization_id, r.id, r.resolved_at, r.at);
    end if;
    if target is not null then
      perform private.move_conversation(r.organization_id, r.id, target,
        jsonb_build_object('type', r.last_type, 'id', r.last_sender, 'at', r.at, 'via', 'message',
          'name', case when r.last_type = 'agent' then private.member_first_name(r.organization_id, r.last_sender) end));
    end if;
  end loop;
  return null;
end
$$;
comment on function private.track_message_states() is
  'AFTER INSERT statement trigger on messages: agent replies move conversations to with_agent, customer messages to needs_reply or reopen them.';
revoke all on function private.track_message_states() from public, anon, authenticated;

create trigger messages_track_state after insert on public.messages
  referencing new table as new_rows
  for each statement execute function private.track_message_states();
