-- The conversation lifecycle as one state machine (issue 11). This migration publishes the schema
-- other features build on (the inbox sorts and filters by these columns); the transitions
-- themselves are written by the triggers and RPCs of the following migrations.
--
--   bot                 the assistant answers; no person involved yet
--   waiting_for_agent   escalated (by the visitor or the assistant); nobody has answered yet
--   with_agent          a person took over or replied; waiting on the customer
--   needs_reply         the customer wrote after a person was involved; waiting on the team
--   resolved            done; a new customer message reopens it (see the reopen rule, 20261202010100)
--
-- The older columns (status, is_escalated, is_resolved, resolved_at, agent_joined_at…) stay and are
-- kept consistent with the state, because analytics, metrics and the ingestion API read them.
set local lock_timeout = '5s';

create type public.conversation_state as enum ('bot', 'waiting_for_agent', 'with_agent', 'needs_reply', 'resolved');
comment on type public.conversation_state is
  'Lifecycle of a conversation: bot -> waiting_for_agent -> with_agent <-> needs_reply -> resolved -> (customer writes) needs_reply.';

-- pgt-ignore lint/safety/addingFieldWithDefault: both defaults are constant for the statement (a literal, now()), so Postgres 11+ stores them in the catalog without rewriting the table
alter table public.conversations
  add column state public.conversation_state not null default 'bot',
  add column state_changed_at timestamptz not null default now(),
  add column waiting_since timestamptz,
  add column last_visitor_message_at timestamptz;
comment on column public.conversations.state is 'Where the conversation is in its lifecycle; only definer triggers and RPCs move it.';
comment on column public.conversations.state_changed_at is 'When state last changed.';
comment on column public.conversations.waiting_since is
  'Since when the customer has waited for the team: set on entering waiting_for_agent or needs_reply, null in every other state.';
comment on column public.conversations.last_visitor_message_at is
  'Time of the latest visitor message; null while the visitor has not written (such conversations are not inbox items).';

-- Backfill from what the rows already say (seed data, anything created before this migration).
with v as (
  select m.conversation_id, m.organization_id,
         max(m.created_at) filter (where m.sender_type = 'visitor') as last_visitor,
         max(m.created_at) filter (where m.sender_type = 'agent' and not m.is_internal) as last_agent
  from public.messages m
  group by 1, 2
)
update public.conversations c
set last_visitor_message_at = v.last_visitor
from v
where v.conversation_id = c.id and v.organization_id = c.organization_id;

with v as (
  select m.conversation_id, m.organization_id,
         max(m.created_at) filter (where m.sender_type = 'agent' and not m.is_internal) as last_agent
  from public.messages m
  group by 1, 2
), s as (
  select c.id, c.organization_id, v.last_agent,
         case
           when c.is_resolved or c.status = 'closed' then 'resolved'
           when v.last_agent is not null or c.agent_joined_at is not null then
             case when c.last_visitor_message_at > coalesce(v.last_agent, c.agent_joined_at)
                  then 'needs_reply' else 'with_agent' end
           when c.is_escalated then 'waiting_for_agent'
           else 'bot'
         end::public.conversation_state as state
  from public.conversations c
  left join v on v.conversation_id = c.id and v.organization_id = c.organization_id
)
update public.conversations c
set state = s.state,
    waiting_since = case s.state
      when 'waiting_for_agent' then coalesce(c.escalated_at, c.created_at)
      when 'needs_reply' then (select min(m.created_at) from public.messages m
                               where m.conversation_id = c.id and m.organization_id = c.organization_id
                                 and m.sender_type = 'visitor'
                                 and m.created_at > coalesce(s.last_agent, c.agent_joined_at))
    end,
    state_changed_at = case s.state
      when 'resolved' then coalesce(c.resolved_at, c.updated_at)
      when 'waiting_for_agent' then coalesce(c.escalated_at, c.created_at)
      when 'with_agent' then coalesce(s.last_agent, c.agent_joined_at, c.updated_at)
      when 'needs_reply' then c.last_visitor_message_at
      else c.created_at
    end
from s
where s.id = c.id and s.organization_id = c.organization_id;

-- The inbox lists by state and sorts by waiting time.
create index conversations_organization_id_state_idx
  on public.conversations (organization_id, state, waiting_since);

-- last_visitor_message_at rides on the statement trigger that already keeps last_message_at, so a
-- message batch still costs one update per conversation.
create or replace function private.bump_conversations_last_message_at() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.conversations c
  set last_message_at = greatest(c.last_message_at, n.last),
      last_visitor_message_at = coalesce(greatest(c.last_visitor_message_at, n.last_visitor), c.last_visitor_message_at)
  from (select conversation_id, organization_id, max(created_at) as last,
               max(created_at) filter (where sender_type = 'visitor') as last_visitor
        from new_rows group by 1, 2) n
  where c.id = n.conversation_id
    and c.organization_id = n.organization_id
    and (c.last_message_at is null or c.last_message_at < n.last
         or (n.last_visitor is not null
             and (c.last_visitor_message_at is null or c.last_visitor_message_at < n.last_visitor)));
  return null;
end
$$;
comment on function private.bump_conversations_last_message_at() is
  'AFTER INSERT statement trigger on messages: moves conversations.last_message_at and last_visitor_message_at forward, one update per conversation.';

-- Every transition, for the thread's system lines and for audit.
create table public.conversation_transitions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  conversation_id uuid not null,
  from_state public.conversation_state not null,
  to_state public.conversation_state not null,
  actor_type public.sender_type not null,
  actor_id text,
  actor_name text,
  created_at timestamptz not null default now(),
  -- the key a distribution by organization would keep (pgTAP 80)
  unique (id, organization_id),
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id)
    on delete cascade,
  constraint conversation_transitions_actor_name_length check (char_length(actor_name) between 1 and 200)
);
comment on table public.conversation_transitions is
  'Every change of conversations.state: who (actor_type/actor_id/actor_name), when, from and to. Written only by definer triggers and RPCs.';
comment on column public.conversation_transitions.actor_id is 'Clerk user id for agents, visitor id for visitors, null for the assistant and the system; no foreign key (audit).';
comment on column public.conversation_transitions.actor_name is 'Display name at the time (an agent''s first name), for the thread line; null for the customer, the assistant and the system.';

create index conversation_transitions_conversation_idx
  on public.conversation_transitions (conversation_id, organization_id, created_at);
create index conversation_transitions_organization_id_created_at_idx
  on public.conversation_transitions (organization_id, created_at desc);

create trigger conversation_transitions_keep_organization_id before update on public.conversation_transitions
  for each row execute function private.keep_organization_id();

-- Members read; nobody writes directly (the definer functions that move the state write the rows).
revoke all on public.conversation_transitions from anon;
revoke insert, update, delete on public.conversation_transitions from authenticated;
grant select on public.conversation_transitions to authenticated;

alter table public.conversation_transitions enable row level security;

-- select(conversation_transitions): members read their active org's transition history
create policy conversation_transitions_select on public.conversation_transitions for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));
