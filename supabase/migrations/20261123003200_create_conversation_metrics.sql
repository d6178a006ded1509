-- What the analytics need from messages without reading every message of an organization:
-- per conversation, when the visitor first wrote and when the AI / an agent first answered
-- (public.conversation_metrics), and per organization, messages counted in 15-minute buckets
-- (public.message_counts). Statement-level triggers on messages keep both current, so a batch
-- insert costs one aggregate, and an organization with a million messages is charted from a few
-- thousand rows. Internal notes and system messages are not replies.
--
-- Kept apart from public.conversations on purpose: conversations is rewritten on every message
-- (last_message_at), while a metrics row changes a few times in a conversation's life.

create table public.conversation_metrics (
  conversation_id uuid not null,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  first_visitor_message_at timestamptz,
  first_response_at timestamptz,
  first_ai_reply_at timestamptz,
  first_agent_reply_at timestamptz,
  primary key (organization_id, conversation_id),
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id) on delete cascade
);
comment on table public.conversation_metrics is
  'Per conversation response times for the analytics, maintained from messages by triggers. Members read; nobody writes.';
comment on column public.conversation_metrics.first_visitor_message_at is 'Time of the first visitor message.';
comment on column public.conversation_metrics.first_response_at is 'First AI or agent reply at or after the first visitor message.';
comment on column public.conversation_metrics.first_ai_reply_at is 'First AI message. Set with no agent reply and no escalation: answered without a human.';
comment on column public.conversation_metrics.first_agent_reply_at is 'First agent message the visitor saw.';

create table public.message_counts (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  bucket timestamptz not null,
  sender_type public.sender_type not null,
  messages integer not null,
  primary key (organization_id, bucket, sender_type),
  constraint message_counts_bucket_aligned check (extract(epoch from bucket)::bigint % 900 = 0),
  constraint message_counts_messages_nonnegative check (messages >= 0)
);
comment on table public.message_counts is
  'Rollup for the analytics: non-internal messages per organization, 15-minute bucket and sender type, kept by triggers on messages. '
  'Fifteen minutes so that the days of any time zone (UTC+5:45 included) are whole buckets. Members read; nobody writes.';
comment on column public.message_counts.bucket is 'Start of the UTC-aligned 15-minute interval the messages were created in.';

create trigger conversation_metrics_keep_organization_id before update on public.conversation_metrics
  for each row execute function private.keep_organization_id();
create trigger message_counts_keep_organization_id before update on public.message_counts
  for each row execute function private.keep_organization_id();

revoke all on public.conversation_metrics, public.message_counts from anon;
revoke insert, update, delete, truncate on public.conversation_metrics, public.message_counts from authenticated;

alter table public.conversation_metrics enable row level security;
alter table public.message_counts enable row level security;

-- select(conversation_metrics): members read their active org's metrics (no write policies)
create policy conversation_metrics_select on public.conversation_metrics for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));

-- select(message_counts): members read their active org's rollup (no write policies)
create policy message_counts_select on public.message_counts for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));

-- The first reply at or after the first visitor message, for conversations whose metrics row
-- may have changed: no response yet, or the first visitor time just moved (messages ingested
-- out of order), or a reply older than the known first response arrived.
create function private.refresh_first_response(p_conversations uuid[]) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if cardinality(p_conversations) = 0 then
    return;
  end if;
  update public.conversation_metrics cm
  set first_response_at = (
    select min(x.created_at) from public.messages x
    where x.conversation_id = cm.conversation_id and x.organization_id = cm.organization_id
      and not x.is_internal and x.sender_type in ('ai', 'agent') and x.created_at >= cm.first_visitor_message_at)
  where cm.conversation_id = any (p_conversations) and cm.first_visitor_message_at is not null;
end
$$;
comment on function private.refresh_first_response(uuid[]) is 'Recomputes conversation_metrics.first_response_at of the given conversations from their messages.';

-- Everything of some conversations from scratch (after deletes and edits of messages).
create function private.recompute_conversation_metrics(p_conversations uuid[]) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if cardinality(p_conversations) = 0 then
    return;
  end if;
  insert into public.conversation_metrics as cm (conversation_id, organization_id, first_visitor_message_at, first_ai_reply_at, first_agent_reply_at)
  select c.id, c.organization_id,
    min(x.created_at) filter (where x.sender_type = 'visitor'),
    min(x.created_at) filter (where x.sender_type = 'ai'),
    min(x.created_at) filter (where x.sender_type = 'agent')
  from public.conversations c
  left join public.messages x on x.conversation_id = c.id and x.organization_id = c.organization_id and not x.is_internal
  where c.id = any (p_conversations)
  group by c.id, c.organization_id
  order by 1, 2
  on conflict (conversation_id, organization_id) do update set
    first_visitor_message_at = excluded.first_visitor_message_at,
    first_ai_reply_at = excluded.first_ai_reply_at,
    first_agent_reply_at = excluded.first_agent_reply_at,
    first_response_at = null;
  perform private.refresh_first_response(p_conversations);
end
$$;
comment on function private.recompute_conversation_metrics(uuid[]) is 'Rebuilds the conversation_metrics rows of the given conversations from their messages.';

create function private.track_inserted_messages() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  changed uuid[];
begin
  -- rollup rows are locked in key order, so concurrent batches cannot deadlock on them
  insert into public.message_counts as mc (organization_id, bucket, sender_type, messages)
  select organization_id, to_timestamp(floor(extract(epoch from created_at) / 900) * 900), sender_type, count(*)
  from new_rows where not is_internal
  group by 1, 2, 3 order by 1, 2, 3
  on conflict (organization_id, bucket, sender_type) do update set messages = mc.messages + excluded.messages;

  -- a row changes only when the new messages are earlier than what it holds, so the usual
  -- message (a later one) writes nothing here
  with upserted as (
    insert into public.conversation_metrics as cm (conversation_id, organization_id, first_visitor_message_at, first_ai_reply_at, first_agent_reply_at)
    select conversation_id, organization_id,
      min(created_at) filter (where sender_type = 'visitor'),
      min(created_at) filter (where sender_type = 'ai'),
      min(created_at) filter (where sender_type = 'agent')
    from new_rows where not is_internal and sender_type <> 'system'
    group by 1, 2 order by 1, 2
    on conflict (conversation_id, organization_id) do update set
      first_visitor_message_at = least(cm.first_visitor_message_at, excluded.first_visitor_message_at),
      first_ai_reply_at = least(cm.first_ai_reply_at, excluded.first_ai_reply_at),
      first_agent_reply_at = least(cm.first_agent_reply_at, excluded.first_agent_reply_at)
    where excluded.first_visitor_message_at < coalesce(cm.first_visitor_message_at, 'infinity')
      or excluded.first_ai_reply_at < coalesce(cm.first_ai_reply_at, 'infinity')
      or excluded.first_agent_reply_at < coalesce(cm.first_agent_reply_at, 'infinity')
      or least(excluded.first_ai_reply_at, excluded.first_agent_reply_at) < coalesce(cm.first_response_at, 'infinity')
    returning cm.conversation_id, cm.first_visitor_message_at
  )
  select array_agg(conversation_id) into changed from upserted where first_visitor_message_at is not null;

  perform private.refresh_first_response(coalesce(changed, '{}'));
  return null;
end
$$;
comment on function private.track_inserted_messages() is 'AFTER INSERT statement trigger on messages: message_counts and conversation_metrics.';

create function private.track_updated_messages() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- a check constraint sees the proposed row before ON CONFLICT does, so subtract and add apart
  update public.message_counts mc
  set messages = mc.messages - d.n
  from (select organization_id, to_timestamp(floor(extract(epoch from created_at) / 900) * 900) as bucket, sender_type, count(*) as n
        from old_rows where not is_internal group by 1, 2, 3 order by 1, 2, 3) d
  where mc.organization_id = d.organization_id and mc.bucket = d.bucket and mc.sender_type = d.sender_type;
  insert into public.message_counts as mc (organization_id, bucket, sender_type, messages)
  select organization_id, to_timestamp(floor(extract(epoch from created_at) / 900) * 900), sender_type, count(*)
  from new_rows where not is_internal
  group by 1, 2, 3 order by 1, 2, 3
  on conflict (organization_id, bucket, sender_type) do update set messages = mc.messages + excluded.messages;
  perform private.recompute_conversation_metrics(array(
    select distinct n.conversation_id from new_rows n join old_rows o on o.id = n.id
    where (n.created_at, n.sender_type, n.is_internal) is distinct from (o.created_at, o.sender_type, o.is_internal)));
  return null;
end
$$;
comment on function private.track_updated_messages() is
  'AFTER UPDATE statement trigger on messages: moves counts, and rebuilds metrics where time, sender or visibility changed.';

create function private.track_deleted_messages() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.message_counts mc
  set messages = mc.messages - d.n
  from (select organization_id, to_timestamp(floor(extract(epoch from created_at) / 900) * 900) as bucket, sender_type, count(*) as n
        from old_rows where not is_internal group by 1, 2, 3 order by 1, 2, 3) d
  where mc.organization_id = d.organization_id and mc.bucket = d.bucket and mc.sender_type = d.sender_type;
  perform private.recompute_conversation_metrics(array(select distinct conversation_id from old_rows));
  return null;
end
$$;
comment on function private.track_deleted_messages() is 'AFTER DELETE statement trigger on messages: subtracts counts and rebuilds metrics.';

revoke all on function private.refresh_first_response(uuid[]), private.recompute_conversation_metrics(uuid[]),
  private.track_inserted_messages(), private.track_updated_messages(), private.track_deleted_messages()
  from public, anon, authenticated;

create trigger messages_track_inserts after insert on public.messages
  referencing new table as new_rows for each statement execute function private.track_inserted_messages();
create trigger messages_track_updates after update on public.messages
  referencing old table as old_rows new table as new_rows for each statement execute function private.track_updated_messages();
create trigger messages_track_deletes after delete on public.messages
  referencing old table as old_rows for each statement execute function private.track_deleted_messages();

-- Existing data.
select private.recompute_conversation_metrics(array(select distinct conversation_id from public.messages));
insert into public.message_counts (organization_id, bucket, sender_type, messages)
select organization_id, to_timestamp(floor(extract(epoch from created_at) / 900) * 900), sender_type, count(*)
from public.messages where not is_internal group by 1, 2, 3;
