-- Conversations (widget or channel) and their messages.

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  website_id uuid,
  visitor_id uuid,
  channel text not null default 'web',
  external_customer_id text,
  status public.conversation_status not null default 'open',
  is_escalated boolean not null default false,
  escalated_reason text,
  escalated_at timestamptz,
  is_resolved boolean not null default false,
  resolved_at timestamptz,
  resolved_by text,
  assignee_id text,
  agent_name text,
  agent_joined_at timestamptz,
  summary text,
  last_message_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (organization_id, channel, external_customer_id),
  foreign key (website_id, organization_id) references public.websites (id, organization_id)
    on delete set null (website_id),
  foreign key (visitor_id, organization_id) references public.visitors (id, organization_id)
    on delete set null (visitor_id),
  foreign key (organization_id, assignee_id) references public.organization_members (organization_id, user_id)
    on delete set null (assignee_id),
  constraint conversations_channel_format check (channel ~ '^[a-z][a-z0-9_]{0,31}$')
);
comment on table public.conversations is 'A conversation between a visitor and the AI concierge and/or the team.';
comment on column public.conversations.channel is 'web (widget) or a channel kind such as facebook or zalo.';
comment on column public.conversations.external_customer_id is 'Customer id on the channel (e.g. Facebook PSID); unique per organization and channel.';
comment on column public.conversations.escalated_reason is 'Why the AI handed over: low_confidence, visitor_request, ...';
comment on column public.conversations.resolved_by is 'Clerk user id (or ''ai'') that resolved it; no foreign key, kept for audit.';
comment on column public.conversations.assignee_id is 'Member handling the conversation; cleared when they leave the organization.';
comment on column public.conversations.agent_name is 'Display name shown to the visitor once an agent joins.';

create index conversations_organization_id_last_message_idx on public.conversations (organization_id, last_message_at desc nulls last);
create index conversations_organization_id_status_idx on public.conversations (organization_id, status);
create index conversations_organization_id_website_id_idx on public.conversations (organization_id, website_id);
create index conversations_organization_id_visitor_id_idx on public.conversations (organization_id, visitor_id);
create index conversations_organization_id_assignee_id_idx on public.conversations (organization_id, assignee_id);

create trigger conversations_keep_organization_id before update on public.conversations
  for each row execute function private.keep_organization_id();
create trigger conversations_touch_updated_at before update on public.conversations
  for each row execute function private.touch_updated_at();

alter table public.conversations enable row level security;

-- select(conversations): members read their active org's conversations
create policy conversations_select on public.conversations for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));

-- insert(conversations): agents open conversations in their active org
create policy conversations_insert on public.conversations for insert to authenticated
with check (organization_id = (select private.org_with_role('agent')));

-- update(conversations): agents work their active org's conversations
create policy conversations_update on public.conversations for update to authenticated
using (organization_id = (select private.org_with_role('agent')))
with check (organization_id = (select private.org_with_role('agent')));

-- delete(conversations): agents delete their active org's conversations
create policy conversations_delete on public.conversations for delete to authenticated
using (organization_id = (select private.org_with_role('agent')));

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  conversation_id uuid not null,
  sender_type public.sender_type not null,
  sender_id text,
  client_msg_id text,
  body text not null,
  metadata jsonb not null default '{}',
  is_internal boolean not null default false,
  created_at timestamptz not null default now(),
  unique (organization_id, conversation_id, client_msg_id),
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id)
    on delete cascade,
  constraint messages_body_length check (char_length(body) between 1 and 20000),
  constraint messages_metadata_object check (jsonb_typeof(metadata) = 'object'),
  constraint messages_client_msg_id_length check (char_length(client_msg_id) between 1 and 100)
);
comment on table public.messages is 'Messages of a conversation, from the visitor, the AI, an agent or the system.';
comment on column public.messages.sender_id is 'Who sent it: Clerk user id for agents, visitor id for visitors; no foreign key so it survives deletions (audit).';
comment on column public.messages.client_msg_id is 'Idempotency key from the sender; a retried write with the same key is rejected as a duplicate.';
comment on column public.messages.metadata is 'For AI messages: intent, confidence (0..1), sources (article ids/titles).';
comment on column public.messages.is_internal is 'Internal note between team members; never shown to the visitor.';

create index messages_organization_id_created_at_idx on public.messages (organization_id, created_at desc);
create index messages_conversation_id_created_at_idx on public.messages (conversation_id, organization_id, created_at);

create trigger messages_keep_organization_id before update on public.messages
  for each row execute function private.keep_organization_id();

-- Keep conversations.last_message_at current. Runs after RLS and the composite foreign key
-- have accepted the message, so it only touches the message's own conversation.
create function private.bump_conversation_last_message_at() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.conversations c
  set last_message_at = new.created_at
  where c.id = new.conversation_id
    and c.organization_id = new.organization_id
    and (c.last_message_at is null or c.last_message_at < new.created_at);
  return null;
end
$$;
comment on function private.bump_conversation_last_message_at() is 'AFTER INSERT trigger on messages: sets conversations.last_message_at.';
revoke all on function private.bump_conversation_last_message_at() from public, anon, authenticated;

create trigger messages_bump_conversation after insert on public.messages
  for each row execute function private.bump_conversation_last_message_at();

alter table public.messages enable row level security;

-- select(messages): members read their active org's messages
create policy messages_select on public.messages for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));

-- insert(messages): agents write messages and notes in their active org
create policy messages_insert on public.messages for insert to authenticated
with check (organization_id = (select private.org_with_role('agent')));

-- update(messages): agents edit their active org's messages
create policy messages_update on public.messages for update to authenticated
using (organization_id = (select private.org_with_role('agent')))
with check (organization_id = (select private.org_with_role('agent')));

-- delete(messages): only admins delete messages (the transcript is an audit record)
create policy messages_delete on public.messages for delete to authenticated
using (organization_id = (select private.org_with_role('admin')));
